package io.megaspark.jobs.passkey;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * The passkey heatmap as a PNG (java.awt, headless): two panels, lengths down and depths across, the greedy
 * exact-match accuracy (0 to 1) and the mean log-probability of the key's tokens (from ln(1/10), a uniform
 * guess among digits, to 0; lower values are clamped), each cell labelled with its value.
 */
public final class PasskeyHeatmap {
  private static final int CELL_W = 64;
  private static final int CELL_H = 28;
  private static final int LEFT = 84;
  private static final int TOP = 60;
  private static final int GAP = 40;
  private static final double CHANCE = Math.log(0.1);

  private PasskeyHeatmap() {}

  /** Writes the PNG; {@code title} goes above the panels (model, chunk, carried state). */
  public static void write(List<PasskeyCell> cells, String title, OutputStream out) throws IOException {
    System.setProperty("java.awt.headless", "true");
    TreeSet<Integer> lengths = new TreeSet<>();
    TreeSet<Integer> depths = new TreeSet<>();
    Map<Long, PasskeyCell> at = new TreeMap<>();
    for (PasskeyCell c : cells) {
      lengths.add(c.length());
      depths.add(c.depth());
      at.put(((long) c.length() << 8) | c.depth(), c);
    }
    int panelW = depths.size() * CELL_W;
    int width = LEFT + 2 * panelW + GAP + 20;
    int height = TOP + lengths.size() * CELL_H + 48;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      g.drawString(title, 8, 16);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      panel(g, at, lengths, depths, LEFT, "greedy exact match", true);
      panel(g, at, lengths, depths, LEFT + panelW + GAP, "mean ln p(key token)", false);
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", out);
  }

  private static void panel(Graphics2D g, Map<Long, PasskeyCell> at, TreeSet<Integer> lengths,
      TreeSet<Integer> depths, int x0, String name, boolean accuracy) {
    g.setColor(Color.BLACK);
    g.drawString(name, x0, TOP - 22);
    int col = 0;
    for (int d : depths) {
      g.drawString(d + "%", x0 + col++ * CELL_W + CELL_W / 2 - 10, TOP - 6);
    }
    int row = 0;
    for (int l : lengths) {
      int y = TOP + row++ * CELL_H;
      if (x0 == LEFT) {
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "%,d", l), 6, y + CELL_H / 2 + 4);
      }
      col = 0;
      for (int d : depths) {
        int x = x0 + col++ * CELL_W;
        PasskeyCell c = at.get(((long) l << 8) | d);
        double v = c == null ? Double.NaN : accuracy ? c.accuracy() : c.meanLogProb();
        double t = Double.isNaN(v) ? Double.NaN
            : accuracy ? v : Math.max(0, Math.min(1, (v - CHANCE) / -CHANCE));
        g.setColor(Double.isNaN(t) ? Color.LIGHT_GRAY : color(t));
        g.fillRect(x, y, CELL_W, CELL_H);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1));
        g.drawRect(x, y, CELL_W, CELL_H);
        String label = Double.isNaN(v) ? "-" : String.format(Locale.ROOT, accuracy ? "%.2f" : "%.2f", v);
        g.setColor(!Double.isNaN(t) && t > 0.6 ? Color.BLACK : Color.WHITE);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(label, x + (CELL_W - fm.stringWidth(label)) / 2, y + CELL_H / 2 + 4);
      }
    }
    g.setColor(Color.BLACK);
    g.drawString("depth of the key", x0, TOP + lengths.size() * CELL_H + 16);
    if (x0 == LEFT) {
      g.drawString("tokens", 6, TOP - 6);
    }
  }

  /** Dark blue (0) through teal to yellow (1), a perceptually ordered ramp. */
  static Color color(double t) {
    float[][] stops = {{0.27f, 0.00f, 0.33f}, {0.23f, 0.32f, 0.55f}, {0.13f, 0.57f, 0.55f},
        {0.37f, 0.79f, 0.38f}, {0.99f, 0.91f, 0.14f}};
    double s = t * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) Math.floor(s));
    double f = s - i;
    float[] a = stops[i];
    float[] b = stops[i + 1];
    return new Color((float) (a[0] + f * (b[0] - a[0])), (float) (a[1] + f * (b[1] - a[1])),
        (float) (a[2] + f * (b[2] - a[2])));
  }
}
