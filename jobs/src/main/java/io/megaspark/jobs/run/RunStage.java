package io.megaspark.jobs.run;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.input.Document;
import io.megaspark.jobs.state.StoredState;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * Stage 2, "run": documents go to their planned partition (one shuffle of small source descriptions, not
 * of text for file inputs), sorted by plan rank, and each partition runs a {@link BatchRunner} with the
 * executor's shared model. Only settings cross the wire in the closure; the model is loaded once per
 * executor JVM ({@link SharedModels}) and states travel only as bytes in the state store.
 */
public final class RunStage {
  private RunStage() {}

  /**
   * What every task of the stage needs; small and serializable.
   *
   * @param job the job's folds
   * @param model which model
   * @param settings batching and state carrying
   * @param failFirstAttemptOf a partition whose first attempt fails after its first result (tests of task
   *     retry), or -1
   */
  public record Task(DocumentJob job, ModelRef model, RunSettings settings, int failFirstAttemptOf)
      implements Serializable {}

  /**
   * The result rows (the job's schema), lazily.
   *
   * @param stored the state store keyed by document id, or null
   */
  public static JavaRDD<Row> run(JavaRDD<Document> documents, Plan plan, JavaPairRDD<String, StoredState> stored,
      Task task, LongAccumulator tokensDone, LongAccumulator documentsDone) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(documents.context());
    Broadcast<Plan> planned = jsc.broadcast(plan);
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    JavaPairRDD<Long, Document> keyed = documents
        .mapToPair(d -> new Tuple2<>(planned.value().key(d.ordinal()), d))
        .filter(t -> t._1() >= 0);
    JavaPairRDD<Long, PlannedDocument> withState;
    if (stored == null) {
      withState = keyed.mapValues(d -> new PlannedDocument(d, null));
    } else {
      withState = keyed.mapToPair(t -> new Tuple2<>(t._2().docId(), t))
          .leftOuterJoin(stored)
          .mapToPair(t -> new Tuple2<>(t._2()._1()._1(), new PlannedDocument(t._2()._1()._2(), t._2()._2().orNull())));
    }
    return withState
        .repartitionAndSortWithinPartitions(new PlanPartitioner(plan.partitions()))
        .mapPartitions(it -> runPartition(it, task, conf.value().value(), tokensDone, documentsDone));
  }

  private static Iterator<Row> runPartition(Iterator<Tuple2<Long, PlannedDocument>> docs, Task task,
      Configuration conf, LongAccumulator tokensDone, LongAccumulator documentsDone) {
    BlockModel<?> model = SharedModels.get(task.model());
    RunProgress progress = new RunProgress() {
      @Override
      public void tokens(long n) {
        tokensDone.add(n);
      }

      @Override
      public void document() {
        documentsDone.add(1);
      }
    };
    Iterator<Row> rows = runWith(model, docs, task, conf, progress);
    TaskContext ctx = TaskContext.get();
    if (ctx != null && ctx.partitionId() == task.failFirstAttemptOf() && ctx.attemptNumber() == 0) {
      return new FailAfterFirst(rows, ctx.partitionId());
    }
    return rows;
  }

  private static <S> Iterator<Row> runWith(BlockModel<S> model, Iterator<Tuple2<Long, PlannedDocument>> docs,
      Task task, Configuration conf, RunProgress progress) {
    ModelInfo info = model.info();
    Tokenizer tokenizer = Tokenizers.byName(info.tokenizer());
    Iterator<StreamInput> inputs = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return docs.hasNext();
      }

      @Override
      public StreamInput next() {
        return DocumentOpener.open(docs.next()._2(), task.job(), tokenizer, info, conf);
      }
    };
    BatchRunner<S> runner =
        new BatchRunner<>(model, inputs, task.settings(), task.job().needs(), tokenizer.eosId(), progress);
    TaskContext ctx = TaskContext.get();
    if (ctx != null) {
      // A failed or killed task must not leave its open documents' files open.
      ctx.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> runner.close());
    }
    return runner;
  }

  /** Injected failure for retry tests: the task dies after producing one result. */
  private static final class FailAfterFirst implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final int partition;
    private int given;

    FailAfterFirst(Iterator<Row> rows, int partition) {
      this.rows = rows;
      this.partition = partition;
    }

    @Override
    public boolean hasNext() {
      if (given >= 1) {
        throw new IllegalStateException("injected failure: first attempt of partition " + partition);
      }
      return rows.hasNext();
    }

    @Override
    public Row next() {
      given++;
      return rows.next();
    }
  }
}
