package io.megaspark.jobs.spark;

import com.esotericsoftware.kryo.Kryo;
import io.megaspark.jobs.input.BadDocument;
import io.megaspark.jobs.input.BadReason;
import io.megaspark.jobs.input.CountItem;
import io.megaspark.jobs.input.Document;
import io.megaspark.jobs.input.DocumentCount;
import io.megaspark.jobs.input.DocumentSource;
import io.megaspark.jobs.io.InputPaths;
import io.megaspark.jobs.run.Plan;
import io.megaspark.jobs.run.PlannedDocument;
import io.megaspark.jobs.score.ScoreTotals;
import io.megaspark.jobs.state.StoredState;
import io.megaspark.jobs.train.CachePart;
import io.megaspark.jobs.train.CachedDocument;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every Megaspark class that crosses the wire, so {@code spark.kryo.registrationRequired=true}
 * holds (conf/spark-defaults.conf). A class missing here fails the job at its first shuffle, loudly.
 *
 * <p>What crosses: documents and their sources (shuffled to planned partitions), tokenize-stage counts
 * (collected), the plan (broadcast), stored states (joined from the state store), token-cache parts
 * (collected by prepare). Models and states of open documents never do.
 */
public final class MegasparkKryoRegistrator implements KryoRegistrator {
  private static final String[] SQL_TYPES = {
    "MapType", "ArrayType", "StructType", "StructField", "StructField[]", "Metadata", "BinaryType$",
    "DoubleType$", "FloatType$", "LongType$", "IntegerType$", "StringType", "BooleanType$", "ShortType$",
    "ByteType$", "NullType$", "DateType$", "TimestampType$", "TimestampNTZType$", "DecimalType"
  };

  private static Class<?> sqlType(String name) {
    try {
      if (name.endsWith("[]")) {
        return java.lang.reflect.Array.newInstance(sqlType(name.substring(0, name.length() - 2)), 0).getClass();
      }
      return Class.forName("org.apache.spark.sql.types." + name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Spark SQL type " + name + " not found: is this the Spark version of the pom?", e);
    }
  }

  @Override
  public void registerClasses(Kryo kryo) {
    // Arrays that Spark's own row and broadcast paths ship around with our data.
    kryo.register(byte[][].class);
    kryo.register(int[][].class);
    kryo.register(float[][].class);
    kryo.register(long[][].class);
    kryo.register(double[][].class);
    kryo.register(String[].class);
    kryo.register(Object[].class);
    // Spark SQL types: Spark ships schemas inside task results (Parquet schema inference reads footers in
    // a job), and our outputs have map, array, binary and double columns.
    for (String type : SQL_TYPES) {
      kryo.register(sqlType(type));
    }
    // Megaspark's own records (Spark's Kryo needs RecordSerializer for records).
    RecordSerializer.register(kryo, InputPaths.InputFile.class);
    kryo.register(InputPaths.InputFile[].class);
    kryo.register(BadReason.class);
    RecordSerializer.register(kryo, BadDocument.class);
    RecordSerializer.register(kryo, DocumentSource.FileText.class);
    RecordSerializer.register(kryo, DocumentSource.InlineText.class);
    RecordSerializer.register(kryo, DocumentSource.Invalid.class);
    RecordSerializer.register(kryo, Document.class);
    kryo.register(Document[].class);
    RecordSerializer.register(kryo, CountItem.class);
    kryo.register(CountItem[].class);
    RecordSerializer.register(kryo, DocumentCount.class);
    kryo.register(DocumentCount[].class);
    RecordSerializer.register(kryo, Plan.class);
    RecordSerializer.register(kryo, ScoreTotals.class);
    RecordSerializer.register(kryo, StoredState.class);
    RecordSerializer.register(kryo, PlannedDocument.class);
    RecordSerializer.register(kryo, CachedDocument.class);
    kryo.register(CachedDocument[].class);
    RecordSerializer.register(kryo, CachePart.class);
    kryo.register(CachePart[].class);
  }
}
