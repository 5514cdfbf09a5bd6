package io.megaspark.megalodon.model;

import io.megaspark.megalodon.model.HostWeights.Host;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The weights of one graph as variables, each with an initializer fed from the host arrays. The graph
 * holds no copy of the weights in its definition (no 2 GB GraphDef limit, one copy in the session's
 * device memory); {@link #initialize} runs every assignment in one {@code Session.run}, once per graph.
 */
final class GraphVariables {
  private final Ops tf;
  private final List<Placeholder<TFloat32>> feeds = new ArrayList<>();
  private final List<Host> values = new ArrayList<>();
  private final List<Op> assigns = new ArrayList<>();

  GraphVariables(Ops tf) {
    this.tf = tf;
  }

  /** A variable holding {@code host}, or null when {@code host} is null (an absent optional weight). */
  Operand<TFloat32> add(String name, Host host) {
    if (host == null) {
      return null;
    }
    Shape shape = Shape.of(host.shape());
    if (shape.size() != host.values().length) {
      throw new IllegalArgumentException(name + ": " + host.values().length + " values for shape " + shape);
    }
    Operand<TFloat32> v = tf.withName(name).variable(shape, TFloat32.class);
    Placeholder<TFloat32> feed = tf.withName(name + "_init")
        .placeholder(TFloat32.class, Placeholder.shape(shape));
    assigns.add(tf.assign(v, feed));
    feeds.add(feed);
    values.add(host);
    return v;
  }

  /** Assigns every variable its host values; the host tensors are closed before returning. */
  void initialize(Session session) {
    List<Tensor> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (int i = 0; i < feeds.size(); i++) {
        Host h = values.get(i);
        TFloat32 t = TFloat32.tensorOf(Shape.of(h.shape()), DataBuffers.of(h.values(), true, false));
        tensors.add(t);
        runner.feed(feeds.get(i), t);
      }
      assigns.forEach(runner::addTarget);
      runner.run().close();
    } finally {
      tensors.forEach(Tensor::close);
    }
  }
}
