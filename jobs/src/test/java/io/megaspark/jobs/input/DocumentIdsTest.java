package io.megaspark.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class DocumentIdsTest {
  @Test
  void root_directoryFileAndGlob() {
    assertEquals(new Path("/data/corpus"), DocumentIds.root("/data/corpus", true));
    assertEquals(new Path("/data/corpus"), DocumentIds.root("/data/corpus/a.txt", false));
    assertEquals(new Path("/data"), DocumentIds.root("/data/*/part-*.txt", false));
    assertEquals(new Path("/data/corpus"), DocumentIds.root("/data/corpus/*.txt", false));
  }

  @Test
  void of_relativePathUnderRoot_elseFullPath() {
    assertEquals("2024/a.txt", DocumentIds.of(new Path("file:/data"), new Path("file:/data/2024/a.txt")));
    assertEquals("/elsewhere/b.txt", DocumentIds.of(new Path("file:/data"), new Path("file:/elsewhere/b.txt")));
  }
}
