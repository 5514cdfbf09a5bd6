package io.megaspark.udfs.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Zeppelin note (.zpln, Zeppelin 0.10+ JSON) read into its paragraphs. A paragraph's first line names
 * its interpreter ({@code %spark}, {@code %spark.conf}, {@code %sql}, {@code %md}); the rest is its body.
 */
record ZeppelinNote(JsonNode json, List<Paragraph> paragraphs) {

  /**
   * @param interpreter the name after %, for example {@code spark.conf}
   * @param body the text after the interpreter line
   * @param language config.editorSetting.language
   * @param editorMode config.editorMode
   */
  record Paragraph(String id, String title, String interpreter, String body, String language, String editorMode) {}

  static ZeppelinNote read(Path file) throws IOException {
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    List<Paragraph> out = new ArrayList<>();
    for (JsonNode p : json.path("paragraphs")) {
      String text = p.path("text").asText();
      int nl = text.indexOf('\n');
      String first = nl < 0 ? text : text.substring(0, nl);
      if (!first.startsWith("%")) {
        throw new IllegalArgumentException("paragraph " + p.path("id").asText() + " does not start with %interpreter: " + first);
      }
      JsonNode config = p.path("config");
      out.add(new Paragraph(p.path("id").asText(), p.path("title").asText(), first.substring(1).trim(),
          nl < 0 ? "" : text.substring(nl + 1), config.path("editorSetting").path("language").asText(),
          config.path("editorMode").asText()));
    }
    return new ZeppelinNote(json, out);
  }

  /** The {@code key value} lines of the note's %spark.conf paragraphs, in order. */
  Map<String, String> sparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    for (Paragraph p : paragraphs) {
      if (p.interpreter().equals("spark.conf")) {
        for (String line : p.body().split("\n")) {
          String l = line.strip();
          if (!l.isEmpty() && !l.startsWith("#")) {
            String[] kv = l.split("\\s+", 2);
            conf.put(kv[0], kv.length > 1 ? kv[1] : "");
          }
        }
      }
    }
    return conf;
  }
}
