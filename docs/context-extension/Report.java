import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The table and the plot of docs/context-extension.md from the outputs of measure.sh (run it with
 * {@code java Report.java WORK OUT CHUNK}): corpus perplexity and bits per byte of every score run, and per
 * passkey configuration, length and depth the mean ln p of the key's digits and the greedy exact match (and
 * their means over depths). Writes OUT/results.md and OUT/context-extension.png.
 */
public final class Report {
  private static final Pattern FIELD = Pattern.compile("\"(tokens|bytes|nll)\":([-0-9.eE]+)");

  record Score(String method, int factor, double ppl, double bitsPerByte, long tokens) {}

  record Passkey(String config, int length, int depth, double accuracy, double logProb) {}

  public static void main(String[] args) throws IOException {
    Path work = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int chunk = Integer.parseInt(args[2]);
    System.setProperty("java.awt.headless", "true");
    List<Score> scores = scores(work.resolve("ppl"));
    List<Passkey> passkeys = passkeys(work.resolve("passkey"));
    String md = table(scores, passkeys, chunk);
    Files.writeString(out.resolve("results.md"), md);
    System.out.print(md);
    plot(scores, passkeys, chunk, out.resolve("context-extension.png"));
  }

  static List<Score> scores(Path dir) throws IOException {
    List<Score> out = new ArrayList<>();
    try (Stream<Path> runs = Files.list(dir).sorted()) {
      for (Path run : runs.toList()) {
        String name = run.getFileName().toString();
        double nll = 0;
        long predicted = 0;
        long tokens = 0;
        long bytes = 0;
        try (Stream<Path> parts = Files.list(run)) {
          for (Path p : parts.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
            for (String line : Files.readAllLines(p)) {
              Map<String, String> f = new LinkedHashMap<>();
              Matcher m = FIELD.matcher(line);
              while (m.find()) {
                f.put(m.group(1), m.group(2));
              }
              nll += Double.parseDouble(f.get("nll"));
              long t = Long.parseLong(f.get("tokens"));
              tokens += t;
              predicted += t + 1; // every text token and EOS is predicted
              bytes += Long.parseLong(f.get("bytes"));
            }
          }
        }
        int dash = name.lastIndexOf('-');
        out.add(new Score(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1)),
            Math.exp(nll / predicted), nll / Math.log(2) / bytes, tokens));
      }
    }
    return out;
  }

  static List<Passkey> passkeys(Path dir) throws IOException {
    List<Passkey> out = new ArrayList<>();
    try (Stream<Path> runs = Files.list(dir).sorted()) {
      for (Path run : runs.toList()) {
        List<String> lines = Files.readAllLines(run.resolve("summary.csv"));
        for (String line : lines.subList(1, lines.size())) {
          String[] c = line.split(","); // length, depth, trials, accuracy, mean_logprob, ...
          out.add(new Passkey(run.getFileName().toString(), Integer.parseInt(c[0]), Integer.parseInt(c[1]),
              Double.parseDouble(c[3]), Double.parseDouble(c[4])));
        }
      }
    }
    return out;
  }

  static String table(List<Score> scores, List<Passkey> passkeys, int chunk) {
    StringBuilder sb = new StringBuilder();
    Map<String, Map<Integer, Score>> byMethod = new TreeMap<>();
    Score base = null;
    for (Score s : scores) {
      byMethod.computeIfAbsent(s.method(), k -> new TreeMap<>()).put(s.factor(), s);
      if (s.factor() == 1) {
        base = s;
      }
    }
    sb.append("| RoPE method | c = ").append(chunk).append(" | 2c | 4c | 8c |\n|---|---|---|---|---|\n");
    for (Map.Entry<String, Map<Integer, Score>> e : byMethod.entrySet()) {
      sb.append("| ").append(e.getKey());
      for (int f : new int[] {1, 2, 4, 8}) {
        Score s = f == 1 ? base : e.getValue().get(f);
        sb.append(" | ").append(s == null ? "-" : String.format(Locale.ROOT, "%.3f (%.3f)", s.ppl(),
            s.bitsPerByte()));
      }
      sb.append(" |\n");
    }
    sb.append("\nperplexity per byte token (bits per byte); ").append(base == null ? 0 : base.tokens())
        .append(" tokens per run\n\n");
    Map<String, Map<Integer, Map<Integer, Passkey>>> byRow = new TreeMap<>();
    TreeMap<Integer, Boolean> depths = new TreeMap<>();
    for (Passkey p : passkeys) {
      byRow.computeIfAbsent(p.config(), k -> new TreeMap<>()).computeIfAbsent(p.length(), k -> new TreeMap<>())
          .put(p.depth(), p);
      depths.put(p.depth(), true);
    }
    sb.append("| passkey | length | ");
    depths.keySet().forEach(d -> sb.append("depth ").append(d).append("% | "));
    sb.append("mean |\n|---|---|");
    depths.keySet().forEach(d -> sb.append("---|"));
    sb.append("---|\n");
    for (Map.Entry<String, Map<Integer, Map<Integer, Passkey>>> e : byRow.entrySet()) {
      for (Map.Entry<Integer, Map<Integer, Passkey>> row : e.getValue().entrySet()) {
        sb.append("| ").append(e.getKey()).append(" | ").append(row.getKey()).append(" | ");
        double lp = 0;
        double acc = 0;
        for (int d : depths.keySet()) {
          Passkey p = row.getValue().get(d);
          sb.append(p == null ? "-" : cell(p.logProb(), p.accuracy())).append(" | ");
          if (p != null) {
            lp += p.logProb() / row.getValue().size();
            acc += p.accuracy() / row.getValue().size();
          }
        }
        sb.append(cell(lp, acc)).append(" |\n");
      }
    }
    sb.append("\nmean ln p(key digit), teacher-forced, over the trials (greedy exact-match accuracy); a uniform guess"
        + " among the ten digits = -2.303\n");
    return sb.toString();
  }

  private static String cell(double logProb, double accuracy) {
    return String.format(Locale.ROOT, "%.3f (%.2f)", logProb, accuracy);
  }

  static void plot(List<Score> scores, List<Passkey> passkeys, int chunk, Path file) throws IOException {
    int w = 1100;
    int h = 500;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    Map<String, List<double[]>> ppl = new TreeMap<>();
    Score base = scores.stream().filter(s -> s.factor() == 1).findFirst().orElse(null);
    for (Score s : scores) {
      if (s.factor() > 1) {
        ppl.computeIfAbsent(s.method(), k -> new ArrayList<>(base == null ? List.of()
            : List.<double[]>of(new double[] {1, base.ppl()}))).add(new double[] {s.factor(), s.ppl()});
      }
    }
    panel(g, 60, 40, 440, 330, "perplexity vs attention chunk (x c = " + chunk + ")", "chunk / c", "perplexity",
        ppl, true);
    // Passkey: the likelihood is dominated by which key a prompt holds (every run sees the same keys), so the
    // plot shows each run's difference from the run without carried state, prompt cell by prompt cell.
    Map<String, Passkey> reset = new TreeMap<>();
    for (Passkey p : passkeys) {
      if (p.config().equals("reset")) {
        reset.put(p.length() + "/" + p.depth(), p);
      }
    }
    Map<String, List<double[]>> pk = new TreeMap<>();
    for (Passkey p : passkeys) {
      Passkey r = reset.get(p.length() + "/" + p.depth());
      if (!p.config().equals("reset") && r != null) {
        pk.computeIfAbsent(p.config() + " - reset, " + p.length() + " tokens", k -> new ArrayList<>())
            .add(new double[] {p.depth(), p.logProb() - r.logProb()});
      }
    }
    pk.values().forEach(pts -> pts.sort(java.util.Comparator.comparingDouble(a -> a[0])));
    panel(g, 620, 40, 440, 330, "passkey: mean ln p(key digit) minus that of the reset run", "depth of the key (%)",
        "difference (nats)", pk, false);
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static void panel(Graphics2D g, int x0, int y0, int pw, int ph, String title, String xLabel,
      String yLabel, Map<String, List<double[]>> series, boolean logX) {
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1));
    if (series.values().stream().allMatch(List::isEmpty)) {
      g.drawString(title + ": no runs", x0, y0);
      return;
    }
    double xmin = Double.MAX_VALUE;
    double xmax = -Double.MAX_VALUE;
    double ymin = Double.MAX_VALUE;
    double ymax = -Double.MAX_VALUE;
    for (List<double[]> pts : series.values()) {
      for (double[] p : pts) {
        double x = logX ? Math.log(p[0]) / Math.log(2) : p[0];
        xmin = Math.min(xmin, x);
        xmax = Math.max(xmax, x);
        ymin = Math.min(ymin, p[1]);
        ymax = Math.max(ymax, p[1]);
      }
    }
    if (xmax <= xmin) {
      xmax = xmin + 1;
    }
    double pad = (ymax - ymin) * 0.08 + 1e-9;
    ymin -= pad;
    ymax += pad;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(title, x0, y0 - 14);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawRect(x0, y0, pw, ph);
    for (int i = 0; i <= 4; i++) {
      double y = ymin + (ymax - ymin) * i / 4;
      int py = y0 + ph - (int) (ph * i / 4.0);
      g.drawString(String.format(Locale.ROOT, ymax - ymin < 0.5 ? "%.3f" : "%.2f", y), x0 - 50, py + 4);
    }
    // log x: a tick per power of two; linear x: five ticks (depth 0, 25, ..., 100).
    double step = logX ? 1 : Math.max((xmax - xmin) / 4, 1e-9);
    for (double x = logX ? Math.ceil(xmin) : xmin; x <= xmax + 1e-9; x += step) {
      int px = x0 + (int) ((x - xmin) / (xmax - xmin) * pw);
      g.drawString(String.format(Locale.ROOT, "%.0f", logX ? Math.pow(2, x) : x), px - 10, y0 + ph + 16);
    }
    g.drawString(xLabel + (logX ? " (log scale)" : "") + "; y: " + yLabel, x0 + pw / 2 - 80, y0 + ph + 34);
    if (ymin < 0 && ymax > 0) { // the zero line of a difference
      int py = y0 + ph - (int) ((0 - ymin) / (ymax - ymin) * ph);
      g.setColor(Color.GRAY);
      g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
      g.drawLine(x0, py, x0 + pw, py);
    }
    Color[] colors = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2)};
    int ci = 0;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      g.setColor(colors[ci % colors.length]);
      g.setStroke(new BasicStroke(2));
      int[] prev = null;
      for (double[] p : e.getValue()) {
        double x = logX ? Math.log(p[0]) / Math.log(2) : p[0];
        int px = x0 + (int) ((x - xmin) / (xmax - xmin) * pw);
        int py = y0 + ph - (int) ((p[1] - ymin) / (ymax - ymin) * ph);
        g.fillOval(px - 3, py - 3, 6, 6);
        if (prev != null) {
          g.drawLine(prev[0], prev[1], px, py);
        }
        prev = new int[] {px, py};
      }
      // Legend under the panel, two columns, so it never covers a line.
      int lx = x0 + (ci % 2) * (pw / 2);
      int ly = y0 + ph + 56 + 16 * (ci / 2);
      g.fillRect(lx, ly - 8, 14, 8);
      g.drawString(e.getKey(), lx + 20, ly);
      ci++;
    }
  }
}
