package io.megaspark.megalodon.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the loss curve as a PNG with java.awt only (no plotting library): training bits per token per
 * step (faint), its moving average (solid) and the held-out bits per byte (dots joined by a line),
 * against the optimizer step. Works headless; the JVM is switched to headless mode if nothing chose.
 */
public final class LossCurvePlot {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 540;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  /** One line on the plot. */
  public record Series(String label, List<double[]> points, Color color, boolean dots) {}

  private LossCurvePlot() {}

  /** Reads {@code metrics.csv} and {@code eval.csv} from {@code logDir} and writes {@code png}. */
  public static void fromLog(Path logDir, Path png, String title) {
    List<double[]> train = TrainingLog.readColumns(logDir.resolve("metrics.csv"), "step", "bits_per_token");
    List<double[]> heldOut = TrainingLog.readColumns(logDir.resolve("eval.csv"), "step", "heldout_bits_per_byte");
    int window = Math.max(1, train.size() / 50);
    List<Series> series = List.of(
        new Series("train bits/token (per step)", train, new Color(170, 190, 230), false),
        new Series("train, moving average of " + window, movingAverage(train, window), new Color(30, 70, 170), false),
        new Series("held-out bits/byte", heldOut, new Color(200, 60, 30), true));
    draw(series, png, title);
  }

  /** Moving average over the previous {@code window} points (fewer at the start). */
  public static List<double[]> movingAverage(List<double[]> points, int window) {
    List<double[]> out = new ArrayList<>();
    double sum = 0;
    for (int i = 0; i < points.size(); i++) {
      sum += points.get(i)[1];
      if (i >= window) {
        sum -= points.get(i - window)[1];
      }
      out.add(new double[] {points.get(i)[0], sum / Math.min(i + 1, window)});
    }
    return out;
  }

  /** Draws the series on shared axes and writes the PNG. */
  public static void draw(List<Series> series, Path png, String title) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    double[] range = range(series);
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      axes(g, range, title);
      int legendY = TOP + 20;
      for (Series s : series) {
        plot(g, s, range);
        g.setColor(s.color());
        g.fillRect(WIDTH - RIGHT - 260, legendY - 9, 18, 4);
        g.setColor(Color.BLACK);
        g.drawString(s.label(), WIDTH - RIGHT - 235, legendY - 3);
        legendY += 18;
      }
    } finally {
      g.dispose();
    }
    try {
      ImageIO.write(img, "png", png.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the loss curve " + png, e);
    }
  }

  /** {xmin, xmax, ymin, ymax} over all points, with a margin on y. */
  private static double[] range(List<Series> series) {
    double[] r = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
    for (Series s : series) {
      for (double[] p : s.points()) {
        r[0] = Math.min(r[0], p[0]);
        r[1] = Math.max(r[1], p[0]);
        r[2] = Math.min(r[2], p[1]);
        r[3] = Math.max(r[3], p[1]);
      }
    }
    if (r[0] > r[1]) {
      return new double[] {0, 1, 0, 1};
    }
    if (r[1] == r[0]) {
      r[1] = r[0] + 1;
    }
    double pad = Math.max(1e-6, 0.05 * (r[3] - r[2]));
    return new double[] {r[0], r[1], Math.max(0, r[2] - pad), r[3] + pad};
  }

  private static int px(double x, double[] r) {
    return LEFT + (int) Math.round((x - r[0]) / (r[1] - r[0]) * (WIDTH - LEFT - RIGHT));
  }

  private static int py(double y, double[] r) {
    return HEIGHT - BOTTOM - (int) Math.round((y - r[2]) / (r[3] - r[2]) * (HEIGHT - TOP - BOTTOM));
  }

  private static void axes(Graphics2D g, double[] r, String title) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, TOP - 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    for (int i = 0; i <= 5; i++) {
      double x = r[0] + (r[1] - r[0]) * i / 5;
      double y = r[2] + (r[3] - r[2]) * i / 5;
      int xp = px(x, r);
      int yp = py(y, r);
      g.setColor(new Color(225, 225, 225));
      g.drawLine(xp, TOP + 1, xp, HEIGHT - BOTTOM - 1);
      g.drawLine(LEFT + 1, yp, WIDTH - RIGHT - 1, yp);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.0f", x), xp - 12, HEIGHT - BOTTOM + 18);
      g.drawString(String.format(Locale.ROOT, "%.2f", y), LEFT - 45, yp + 4);
    }
    g.drawString("optimizer step", (WIDTH - LEFT) / 2, HEIGHT - 15);
    g.drawString("bits", 15, TOP + (HEIGHT - TOP - BOTTOM) / 2);
  }

  private static void plot(Graphics2D g, Series s, double[] r) {
    if (s.points().isEmpty()) {
      return;
    }
    g.setColor(s.color());
    g.setStroke(new BasicStroke(s.dots() ? 2f : 1.5f));
    Path2D.Double line = new Path2D.Double();
    boolean first = true;
    for (double[] p : s.points()) {
      int x = px(p[0], r);
      int y = py(p[1], r);
      if (first) {
        line.moveTo(x, y);
        first = false;
      } else {
        line.lineTo(x, y);
      }
      if (s.dots()) {
        g.fillOval(x - 4, y - 4, 8, 8);
      }
    }
    g.draw(line);
  }
}
