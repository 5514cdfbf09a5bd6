package io.megaspark.udfs.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.udfs.FunctionOptions;
import io.megaspark.udfs.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * notebooks/megaspark.zpln is a well-formed Zeppelin note, and its paragraphs run: %spark.conf becomes the
 * session's settings, %spark paragraphs run in the Scala REPL (as Zeppelin's Spark interpreter runs them)
 * against the Megaspark classes, %sql paragraphs run as spark.sql. Zeppelin cannot be installed here, so
 * this is the next best thing that really executes the note. The note's Megaspark home {@value #HOME} is
 * mapped to this checkout, and its model to a tiny random one (the functions' mechanics, not a model's
 * quality, are under test).
 */
class ZeppelinNoteIT {
  static final String HOME = "/opt/megaspark";
  static final Map<String, List<String>> EDITORS = Map.of(
      "md", List.of("markdown", "ace/mode/markdown"),
      "spark", List.of("scala", "ace/mode/scala"),
      "spark.conf", List.of("text", "ace/mode/text"),
      "sql", List.of("sql", "ace/mode/sql"),
      "spark.sql", List.of("sql", "ace/mode/sql"));
  @TempDir static Path dir;
  static ZeppelinNote note;

  @BeforeAll
  static void read() throws Exception {
    note = ZeppelinNote.read(TinyModels.root().resolve("notebooks/megaspark.zpln"));
  }

  @Test
  void note_isAZeppelinNoteBoundToTheSparkInterpreter() {
    assertEquals("spark", note.json().path("defaultInterpreterGroup").asText());
    assertFalse(note.json().path("name").asText().isBlank(), "name");
    assertFalse(note.json().path("id").asText().isBlank(), "id");
    assertTrue(note.json().path("config").isObject(), "config");
    assertTrue(note.paragraphs().size() >= 5, "paragraphs");
    Set<String> ids = new HashSet<>();
    int firstCode = -1;
    int conf = -1;
    for (int i = 0; i < note.paragraphs().size(); i++) {
      ZeppelinNote.Paragraph p = note.paragraphs().get(i);
      assertTrue(ids.add(p.id()), "unique id " + p.id());
      assertTrue(EDITORS.containsKey(p.interpreter()), p.id() + ": interpreter %" + p.interpreter());
      assertEquals(EDITORS.get(p.interpreter()), List.of(p.language(), p.editorMode()), p.id() + " editor settings");
      assertFalse(p.title().isBlank(), p.id() + " has a title");
      if (p.interpreter().equals("spark.conf")) {
        conf = i;
      } else if (!p.interpreter().equals("md") && firstCode < 0) {
        firstCode = i;
      }
    }
    assertTrue(conf >= 0 && conf < firstCode, "%spark.conf comes before the first %spark or %sql paragraph");
    assertTrue(note.paragraphs().stream().anyMatch(p -> p.interpreter().endsWith("sql")), "a %sql paragraph");
    Map<String, String> c = note.sparkConf();
    assertEquals(HOME + "/jobs/target/megaspark-jobs-0.1.0-SNAPSHOT-all.jar", c.get("spark.jars"), "the jar the build makes");
    assertTrue(c.keySet().containsAll(Set.of(FunctionOptions.MODEL)), "the model is set");
    FunctionOptions.fromConf(c); // every spark.megaspark.* key is valid
  }

  @Test
  void paragraphs_runAgainstTheMegasparkClasses() throws Exception {
    Path model = TinyModels.save(dir.resolve("model"), 3);
    Path classes = Files.createDirectories(dir.resolve("repl-classes"));
    SparkSession.Builder b = SparkSession.builder().master("local[2]").appName("zeppelin-note-test")
        .config("spark.ui.enabled", "false")
        .config("spark.repl.class.outputDir", classes.toString());
    // The jar's classes are on this JVM's class path already; spark.jars is checked above, not loaded.
    note.sparkConf().forEach((k, v) -> {
      if (!k.equals("spark.jars")) {
        b.config(k, k.equals(FunctionOptions.MODEL) ? model.toString() : local(v));
      }
    });
    SparkSession spark = b.getOrCreate();
    try (ScalaRepl repl = new ScalaRepl(classes)) {
      repl.bindSpark(spark);
      int sql = 0;
      for (ZeppelinNote.Paragraph p : note.paragraphs()) {
        System.out.println("== paragraph " + p.id() + " %" + p.interpreter() + ": " + p.title());
        switch (p.interpreter()) {
          case "spark" -> repl.run(local(p.body()));
          case "sql", "spark.sql" -> {
            List<Row> rows = spark.sql(local(p.body())).collectAsList();
            rows.forEach(System.out::println);
            assertEquals(7, rows.size(), p.title() + ": one row per sample book");
            sql++;
          }
          default -> { } // md is text; spark.conf was applied to the session
        }
      }
      assertEquals(2, sql);
      assertEquals(7, ((scala.collection.Map<?, ?>) repl.value("embeddings")).size());
      assertEquals(7, java.lang.reflect.Array.getLength(repl.value("ids"))); // computed by a REPL closure on executors
    } finally {
      spark.stop();
    }
  }

  /** The note's Megaspark home mapped to this checkout. */
  static String local(String text) {
    return text.replace(HOME, TinyModels.root().toAbsolutePath().normalize().toString());
  }
}
