package io.megaspark.jobs.passkey;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/** Folds the per-prompt rows of a passkey run into (length, depth) cells and prints them as grids. */
public final class PasskeySummary {
  private PasskeySummary() {}

  /** @param rows per-prompt rows with the {@link PasskeyJob#schema()} columns */
  public static List<PasskeyCell> cells(List<Row> rows) {
    Map<Long, List<Row>> byCell = new TreeMap<>();
    for (Row r : rows) {
      long key = ((long) r.<Integer>getAs("length") << 8) | r.<Integer>getAs("depth");
      byCell.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    List<PasskeyCell> out = new ArrayList<>();
    for (List<Row> cell : byCell.values()) {
      double exact = 0;
      double logp = 0;
      double matched = 0;
      double tokens = 0;
      for (Row r : cell) {
        exact += r.<Boolean>getAs("exact_match") ? 1 : 0;
        logp += r.<Double>getAs("answer_logprob");
        matched += r.<Integer>getAs("digits_matched");
        tokens += r.<Long>getAs("tokens");
      }
      int n = cell.size();
      Row first = cell.get(0);
      out.add(new PasskeyCell(first.getAs("length"), first.getAs("depth"), n, exact / n, logp / n, matched / n,
          tokens / n));
    }
    return out;
  }

  /** Two grids, lengths down and depths across: greedy exact-match accuracy, then mean log-probability. */
  public static String table(List<PasskeyCell> cells) {
    TreeSet<Integer> lengths = new TreeSet<>();
    TreeSet<Integer> depths = new TreeSet<>();
    Map<Long, PasskeyCell> at = new TreeMap<>();
    for (PasskeyCell c : cells) {
      lengths.add(c.length());
      depths.add(c.depth());
      at.put(((long) c.length() << 8) | c.depth(), c);
    }
    StringBuilder sb = new StringBuilder();
    for (int metric = 0; metric < 2; metric++) {
      sb.append(metric == 0 ? "greedy exact match (share of trials)" : "mean ln p(key token)").append('\n');
      sb.append(String.format(Locale.ROOT, "%10s", "length"));
      for (int d : depths) {
        sb.append(String.format(Locale.ROOT, "%9s", d + "%"));
      }
      sb.append('\n');
      for (int l : lengths) {
        sb.append(String.format(Locale.ROOT, "%10d", l));
        for (int d : depths) {
          PasskeyCell c = at.get(((long) l << 8) | d);
          double v = c == null ? Double.NaN : metric == 0 ? c.accuracy() : c.meanLogProb();
          sb.append(String.format(Locale.ROOT, "%9.3f", v));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
