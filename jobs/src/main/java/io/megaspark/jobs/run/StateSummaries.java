package io.megaspark.jobs.run;

import io.megaspark.megalodon.model.StreamState;

/**
 * The fixed-length summary of a MEGALODON state used as the carried-state part of a document embedding:
 * for each channel d of the last layer, the mean magnitude of its N complex CEMA components |h_{d,n}|
 * (what the recurrence kept of the whole document, MODEL.md section 1.2), followed by the output
 * TimestepNorm's running mean and standard deviation per group (the document's activation statistics,
 * section 1.3). Length D + 2G.
 */
public final class StateSummaries {
  private StateSummaries() {}

  public static float[] of(StreamState s) {
    int d = s.modelDim();
    int n = s.emaOrder();
    int g = s.normGroups();
    int last = s.numLayers() - 1;
    float[] re = s.emaRe(last);
    float[] im = s.emaIm(last);
    float[] out = new float[d + 2 * g];
    for (int i = 0; i < d; i++) {
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += Math.hypot(re[i * n + k], im[i * n + k]);
      }
      out[i] = (float) (sum / n);
    }
    double[] mean = s.outputNormMean();
    double[] var = s.outputNormVar();
    for (int j = 0; j < g; j++) {
      out[d + j] = (float) mean[j];
      out[d + g + j] = (float) Math.sqrt(var[j]);
    }
    return out;
  }
}
