package io.megaspark.megalodon.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLogTest {
  @TempDir Path dir;

  private static void steps(TrainingLog log, long from, long to) {
    for (long s = from; s <= to; s++) {
      log.step(new TrainingLog.StepRow(s, 5.0 / s, 1e-3, 0.5, 1024, 800.0));
      if (s % 5 == 0) {
        log.eval(new TrainingLog.EvalRow(s, 4.0 / s, 4096));
      }
    }
  }

  @Test
  void reopenAtCheckpointStep_dropsLaterRowsSoNoStepAppearsTwice() throws Exception {
    try (TrainingLog log = TrainingLog.open(dir, 0)) {
      steps(log, 1, 12);
    }
    try (TrainingLog log = TrainingLog.open(dir, 10)) {
      steps(log, 11, 15);
    }
    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals(TrainingLog.METRICS_HEADER, lines.get(0));
    assertEquals(16, lines.size());
    List<double[]> pts = TrainingLog.readColumns(dir.resolve("metrics.csv"), "step", "bits_per_token");
    for (int i = 0; i < pts.size(); i++) {
      assertEquals(i + 1, pts.get(i)[0], 0);
      assertEquals(5.0 / (i + 1) / Math.log(2), pts.get(i)[1], 1e-5); // printed with 6 decimals
    }
    assertEquals(3, TrainingLog.readColumns(dir.resolve("eval.csv"), "step", "heldout_bits_per_byte").size());
  }

  @Test
  void lossCurve_isAPngWithTheTrainingSeriesDrawn() throws Exception {
    try (TrainingLog log = TrainingLog.open(dir, 0)) {
      steps(log, 1, 100);
    }
    Path png = dir.resolve("loss.png");
    LossCurvePlot.fromLog(dir, png, "test curve");
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(900, img.getWidth());
    assertEquals(540, img.getHeight());
    int blue = 0;
    int red = 0;
    for (int x = 0; x < img.getWidth(); x++) {
      for (int y = 0; y < img.getHeight(); y++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        blue += rgb == 0x1e46aa ? 1 : 0;
        red += rgb == 0xc83c1e ? 1 : 0;
      }
    }
    assertTrue(blue > 200, "moving-average pixels: " + blue);
    assertTrue(red > 50, "held-out pixels: " + red);
  }

  @Test
  void movingAverage_ofConstantIsConstant() {
    List<double[]> pts = List.of(new double[] {1, 2}, new double[] {2, 2}, new double[] {3, 2});
    for (double[] p : LossCurvePlot.movingAverage(pts, 2)) {
      assertEquals(2.0, p[1], 0);
    }
  }
}
