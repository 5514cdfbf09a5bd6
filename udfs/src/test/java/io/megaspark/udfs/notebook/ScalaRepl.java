package io.megaspark.udfs.notebook;

import java.nio.file.Path;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/**
 * The Scala REPL as Zeppelin's Spark interpreter runs it: scala-compiler's {@link IMain} with
 * class-based wrappers ({@code -Yrepl-class-based}, so closures serialize) writing the classes it compiles
 * to a directory that Spark serves to executors ({@code spark.repl.class.outputDir}), on the JVM's class
 * path ({@code -usejavacp}: the Megaspark classes and Spark), with {@code spark}, {@code sc} and the
 * imports Zeppelin predefines.
 */
final class ScalaRepl implements AutoCloseable {
  private final IMain repl;

  /**
   * @param classDir where compiled paragraph classes go (the session's spark.repl.class.outputDir)
   */
  ScalaRepl(Path classDir) {
    Settings settings = new Settings();
    settings.processArgumentString("-usejavacp -Yrepl-class-based -Yrepl-outdir " + classDir);
    repl = new IMain(settings, new ReplReporterImpl(settings));
  }

  /** Binds the session as Zeppelin does, and runs Zeppelin's predefined imports. */
  void bindSpark(org.apache.spark.sql.SparkSession spark) {
    bind("spark", org.apache.spark.sql.SparkSession.class.getName(), spark);
    bind("sc", org.apache.spark.SparkContext.class.getName(), spark.sparkContext());
    run("import spark.implicits._\nimport spark.sql\nimport org.apache.spark.sql.functions._");
  }

  private void bind(String name, String type, Object value) {
    Results.Result r = repl.bind(name, type, value, scala.collection.immutable.List$.MODULE$.empty());
    if (!(r instanceof Results.Success$)) {
      throw new AssertionError("cannot bind " + name + ": " + r);
    }
  }

  /** Runs code; fails with the code when it does not compile or throws (the REPL prints why). */
  void run(String code) {
    Results.Result r = repl.interpret(code);
    if (!(r instanceof Results.Success$)) {
      throw new AssertionError("the Scala REPL says " + r + " for:\n" + code);
    }
  }

  /** The value of a term defined by earlier code. */
  Object value(String term) {
    scala.Option<Object> v = repl.valueOfTerm(term);
    if (v.isEmpty()) {
      throw new AssertionError("no term " + term + " in the REPL");
    }
    return v.get();
  }

  @Override
  public void close() {
    repl.close();
  }
}
