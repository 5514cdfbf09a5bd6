package io.megaspark.megalodon.scan;

import io.megaspark.megalodon.reference.ReferenceEma;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What a run of timesteps does to the CEMA hidden state (MODEL.md 1.2, 1.10): the recurrence
 * {@code h_t = p x_t + q h_{t-1}} over L steps maps an incoming h to {@code A h + b} elementwise, with the
 * complex decay power {@code A = q^L} and {@code b = h_loc}, the run's final state from zero. These affine
 * maps compose associatively, {@code (A2, b2) o (A1, b1) = (A2 A1, A2 b1 + b2)}, with the identity
 * (1, 0). The state h itself is the constant map (0, h), so an exclusive scan that starts with the
 * document's carried h yields every range's incoming h in the b part.
 *
 * <p>Complex values are (re, im) arrays [D*N], index d*N+n. Immutable: arrays are copied in and out.
 *
 * @param aRe real part of A
 * @param aIm imaginary part of A
 * @param bRe real part of b
 * @param bIm imaginary part of b
 */
public record EmaSummary(double[] aRe, double[] aIm, double[] bRe, double[] bIm) {
  private static final int MAGIC = 0x454d4153; // "EMAS"

  public EmaSummary {
    int n = aRe == null ? -1 : aRe.length;
    if (n <= 0 || aIm == null || bRe == null || bIm == null || aIm.length != n || bRe.length != n
        || bIm.length != n) {
      throw new IllegalArgumentException("aRe, aIm, bRe and bIm must be non-empty arrays of one length"
          + " [D*N], got " + len(aRe) + ", " + len(aIm) + ", " + len(bRe) + ", " + len(bIm));
    }
    aRe = aRe.clone();
    aIm = aIm.clone();
    bRe = bRe.clone();
    bIm = bIm.clone();
  }

  /** The empty run: A = 1, b = 0, the identity of {@link #andThen}. */
  public static EmaSummary identity(int size) {
    double[] one = new double[size];
    Arrays.fill(one, 1.0);
    return new EmaSummary(one, new double[size], new double[size], new double[size]);
  }

  /** The state h as a constant map (A = 0, b = h): the start of a scan over a document's ranges. */
  public static EmaSummary constant(double[] hRe, double[] hIm) {
    return new EmaSummary(new double[hRe.length], new double[hRe.length], hRe, hIm);
  }

  /**
   * The local summary of a range: {@code A = q^L} in polar form ({@code |q|^L e^{i L phi}}, as the
   * official ema_parameters takes Vandermonde powers, MODEL.md 1.2) and b the final state of the
   * recurrence from h = 0.
   *
   * @param hLocRe [D*N] real part of the range's final state from zero
   * @param hLocIm [D*N] imaginary part
   * @param length L, the range's timesteps
   */
  public static EmaSummary local(ReferenceEma.Coefficients c, double[] hLocRe, double[] hLocIm,
      long length) {
    int size = c.qRe().length;
    double[] aRe = new double[size];
    double[] aIm = new double[size];
    for (int i = 0; i < size; i++) {
      double magnitude = Math.pow(Math.hypot(c.qRe()[i], c.qIm()[i]), length);
      double angle = length * Math.atan2(c.qIm()[i], c.qRe()[i]);
      aRe[i] = magnitude * Math.cos(angle);
      aIm[i] = magnitude * Math.sin(angle);
    }
    return new EmaSummary(aRe, aIm, hLocRe, hLocIm);
  }

  /** This run followed by {@code later}: {@code (A2 A1, A2 b1 + b2)}. */
  public EmaSummary andThen(EmaSummary later) {
    if (later.aRe.length != aRe.length) {
      throw new IllegalArgumentException("cannot compose summaries of " + aRe.length + " and "
          + later.aRe.length + " components");
    }
    int size = aRe.length;
    double[] ar = new double[size];
    double[] ai = new double[size];
    double[] br = new double[size];
    double[] bi = new double[size];
    for (int i = 0; i < size; i++) {
      double xr = later.aRe[i];
      double xi = later.aIm[i];
      ar[i] = xr * aRe[i] - xi * aIm[i];
      ai[i] = xr * aIm[i] + xi * aRe[i];
      br[i] = xr * bRe[i] - xi * bIm[i] + later.bRe[i];
      bi[i] = xr * bIm[i] + xi * bRe[i] + later.bIm[i];
    }
    return new EmaSummary(ar, ai, br, bi);
  }

  /** {@code A h + b}: the state after this run when it starts from h. Returns {re, im}. */
  public double[][] apply(double[] hRe, double[] hIm) {
    return constant(hRe, hIm).andThen(this).state();
  }

  /** The b part {re, im}: the state itself once the scan has started from a constant. */
  public double[][] state() {
    return new double[][] {bRe.clone(), bIm.clone()};
  }

  public int size() {
    return aRe.length;
  }

  @Override
  public double[] aRe() {
    return aRe.clone();
  }

  @Override
  public double[] aIm() {
    return aIm.clone();
  }

  @Override
  public double[] bRe() {
    return bRe.clone();
  }

  @Override
  public double[] bIm() {
    return bIm.clone();
  }

  /** Little-endian bytes: magic, size, A, b; {@link #fromBytes} reads them back exactly. */
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(8 + 32 * aRe.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(aRe.length);
    Bytes.putAll(Bytes.putAll(Bytes.putAll(Bytes.putAll(b, aRe), aIm), bRe), bIm);
    return b.array();
  }

  public static EmaSummary fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    Bytes.expect(b, MAGIC, "EmaSummary");
    int n = Bytes.length(b, 32, 0, "EmaSummary size");
    return new EmaSummary(Bytes.doubles(b, n), Bytes.doubles(b, n), Bytes.doubles(b, n),
        Bytes.doubles(b, n));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmaSummary s && Arrays.equals(aRe, s.aRe) && Arrays.equals(aIm, s.aIm)
        && Arrays.equals(bRe, s.bRe) && Arrays.equals(bIm, s.bIm);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(aRe) + 31 * Arrays.hashCode(aIm) + 961 * Arrays.hashCode(bRe)
        + 29791 * Arrays.hashCode(bIm);
  }

  @Override
  public String toString() {
    return "EmaSummary[size=" + aRe.length + "]";
  }

  private static String len(double[] a) {
    return a == null ? "null" : String.valueOf(a.length);
  }
}
