package io.megaspark.jobs.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the jar's version from its manifest, or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"megaspark " + (v == null ? "development" : v)};
  }
}
