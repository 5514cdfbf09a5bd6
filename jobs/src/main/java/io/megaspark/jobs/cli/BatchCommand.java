package io.megaspark.jobs.cli;

import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.run.SharedModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code batch FILE}: runs the jobs listed in a file one after another in this JVM. Each job starts and stops
 * its own SparkSession and loads its own model exactly as on its own, so each line gives what {@code
 * bin/megaspark LINE} gives; what the jobs share is the JVM's start-up (class loading, compiled code,
 * TensorFlow's native library), which on a loaded machine costs more than a small job. Measurement scripts
 * (docs/context-extension/measure.sh) use it.
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = "Run the jobs listed in FILE (one command line per line, without bin/megaspark; '...' or \"...\""
        + " quote an argument; blank lines and # comments skipped) one after another in one JVM; stops at the"
        + " first job that fails.")
final class BatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The jobs, one per line.")
  Path file;

  @Override
  public Integer call() {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MegasparkException("cannot read batch file " + file + ": " + e.getMessage(), e);
    }
    List<List<String>> jobs = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> args = split(line, i + 1);
      if (args.get(0).equals("batch")) {
        throw new MegasparkException(file + " line " + (i + 1) + ": a batch cannot run another batch; list its"
            + " jobs instead");
      }
      jobs.add(args);
      lineNumbers.add(i + 1);
    }
    PrintWriter err = spec.commandLine().getErr();
    for (int j = 0; j < jobs.size(); j++) {
      err.printf("batch: job %d/%d (line %d): %s%n", j + 1, jobs.size(), lineNumbers.get(j),
          String.join(" ", jobs.get(j)));
      err.flush();
      CommandLine cli = Main.commandLine();
      cli.setOut(spec.commandLine().getOut());
      cli.setErr(err);
      int rc;
      try {
        rc = cli.execute(jobs.get(j).toArray(String[]::new));
      } finally {
        // Every job loads its own model (its overrides differ); free the last one's before the next.
        SharedModels.closeAll();
      }
      if (rc != 0) {
        err.printf("batch: job %d/%d (line %d of %s) failed with exit code %d; the jobs after it were not run%n",
            j + 1, jobs.size(), lineNumbers.get(j), file, rc);
        return rc;
      }
    }
    return 0;
  }

  /** Splits a line at whitespace; '...' and "..." keep their contents verbatim (JSON options). */
  List<String> split(String line, int lineNumber) {
    List<String> out = new ArrayList<>();
    StringBuilder arg = new StringBuilder();
    boolean inArg = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        } else {
          arg.append(ch);
        }
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
        inArg = true;
      } else if (Character.isWhitespace(ch)) {
        if (inArg) {
          out.add(arg.toString());
          arg.setLength(0);
          inArg = false;
        }
      } else {
        arg.append(ch);
        inArg = true;
      }
    }
    if (quote != 0) {
      throw new MegasparkException(file + " line " + lineNumber + ": unterminated " + quote + " quote; close it"
          + " on the same line");
    }
    if (inArg) {
      out.add(arg.toString());
    }
    return out;
  }
}
