package io.megaspark.megalodon.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where the time of one traced block went, from TensorFlow's step statistics: kernel time per op type and
 * per node. Kernel times of ops that ran in parallel add up, so the total can exceed the wall time.
 *
 * @param wallMicros wall time of the traced {@code Session.run}
 * @param byType per op type (MatMul, BatchMatMulV3, Transpose, ...), largest first
 * @param byNode per node, largest first
 */
public record OpProfile(long wallMicros, List<Entry> byType, List<Entry> byNode) {
  /** Summed kernel time and number of executions of one op type or node. */
  public record Entry(String name, long micros, int count) {}

  static OpProfile of(RunMetadata metadata, long wallMicros, Map<String, String> nodeTypes) {
    Map<String, long[]> types = new HashMap<>();
    Map<String, long[]> nodes = new HashMap<>();
    for (DeviceStepStats dev : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats n : dev.getNodeStatsList()) {
        long micros = n.getAllEndRelMicros();
        String node = n.getNodeName();
        // The executed kernel (after grappler rewrites such as MatMul+BiasAdd -> _FusedMatMul) when the
        // trace names it, else the graph op type.
        String executed = label(n);
        String type = executed.equals("?") ? nodeTypes.getOrDefault(node, "?") : executed;
        add(types, type, micros);
        add(nodes, node + " (" + type + ")", micros);
      }
    }
    return new OpProfile(wallMicros, sorted(types), sorted(nodes));
  }

  /** Kernel time of all ops. */
  public long totalMicros() {
    return byType.stream().mapToLong(Entry::micros).sum();
  }

  /** A table of the largest {@code top} op types: name, milliseconds, share of the kernel time, count. */
  public String table(int top) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "wall %.1f ms, kernel total %.1f ms%n", wallMicros / 1e3, totalMicros() / 1e3));
    long total = Math.max(1, totalMicros());
    for (Entry e : byType.subList(0, Math.min(top, byType.size()))) {
      sb.append(String.format(Locale.ROOT, "%-28s %9.2f ms %5.1f%% %6d%n", e.name(), e.micros() / 1e3,
          100.0 * e.micros() / total, e.count()));
    }
    return sb.toString();
  }

  private static String label(NodeExecStats n) {
    String l = n.getTimelineLabel();
    int eq = l.indexOf(" = ");
    int paren = l.indexOf('(', Math.max(eq, 0));
    return eq >= 0 && paren > eq ? l.substring(eq + 3, paren) : "?";
  }

  private static void add(Map<String, long[]> m, String key, long micros) {
    long[] v = m.computeIfAbsent(key, k -> new long[2]);
    v[0] += micros;
    v[1]++;
  }

  private static List<Entry> sorted(Map<String, long[]> m) {
    List<Entry> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(new Entry(k, v[0], (int) v[1])));
    out.sort(Comparator.comparingLong(Entry::micros).reversed());
    return List.copyOf(out);
  }
}
