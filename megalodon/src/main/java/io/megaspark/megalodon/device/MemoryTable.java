package io.megaspark.megalodon.device;

import io.megaspark.megalodon.config.MegalodonConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints {@link MemoryEstimate}s as a Markdown table (the one in docs/gpu.md):
 *
 * <pre>
 * java -cp jobs/target/megaspark-jobs-all.jar io.megaspark.megalodon.device.MemoryTable \
 *     conf/models/7b.json 1,4,8 2048,4096,8192
 * </pre>
 *
 * Arguments: a model {@code config.json} (flat, or the official {@code {"model": {...}}}; read by {@link
 * MegalodonConfig#load}), batch sizes, block sizes (tokens).
 */
public final class MemoryTable {
  private static final double MIB = 1024.0 * 1024.0;

  private MemoryTable() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: MemoryTable <config.json> <batch sizes, e.g. 1,4,8> <block sizes, e.g. 2048,4096>");
      System.exit(2);
    }
    MegalodonConfig config = MegalodonConfig.load(Path.of(args[0]));
    print(System.out, args[0], config, ints(args[1]), ints(args[2]));
  }

  /** Writes the table: one row per (batch, block) pair. */
  public static void print(
      PrintStream out, String name, MegalodonConfig m, List<Integer> batches, List<Integer> blocks) {
    out.printf(Locale.ROOT, "%s: %,d parameters, weights %s, state per document %s%n%n", name,
        MemoryEstimate.parameterCount(m), human(MemoryEstimate.of(m, 1, m.chunkSize()).weightBytes()),
        human(MemoryEstimate.statePerDocumentBytes(m)));
    out.println("| batch B | block T | state in+out | one layer | embedding+logits | inference | training (Adam) |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|");
    for (int b : batches) {
      for (int t : blocks) {
        MemoryEstimate e = MemoryEstimate.of(m, b, t);
        out.printf(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s |%n", b, t, human(e.stateBytes()),
            human(e.layerActivationBytes()), human(e.modelActivationBytes()), human(e.inferenceBytes()),
            human(e.trainingBytes()));
      }
    }
  }

  private static List<Integer> ints(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      out.add(Integer.parseInt(s.trim()));
    }
    return out;
  }

  /** MiB below 1 GiB, else GiB, two decimals. */
  static String human(long bytes) {
    double mib = bytes / MIB;
    return mib < 1024 ? String.format(Locale.ROOT, "%.2f MiB", mib) : String.format(Locale.ROOT, "%.2f GiB", mib / 1024);
  }
}
