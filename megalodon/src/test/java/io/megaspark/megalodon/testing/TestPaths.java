package io.megaspark.megalodon.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find the goldens and the project files (surefire sets the properties; IDE runs fall back). */
public final class TestPaths {
  private TestPaths() {}

  /** The project root (the worktree holding conf/ and megalodon/). */
  public static Path root() {
    String p = System.getProperty("megaspark.root");
    if (p != null) {
      return Path.of(p);
    }
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("conf")) ? here : here.getParent();
  }

  /** ../shared/golden relative to the project root, or the {@code megaspark.golden} property. */
  public static Path golden() {
    String p = System.getProperty("megaspark.golden");
    return p != null ? Path.of(p) : root().resolve("../shared/golden").normalize();
  }

  public static Path tinyA() {
    return golden().resolve("megalodon-tiny-a");
  }
}
