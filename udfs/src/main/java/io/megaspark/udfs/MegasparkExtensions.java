package io.megaspark.udfs;

import java.io.Serializable;
import java.util.function.Function;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.ScalaUDF;
import org.apache.spark.sql.types.DataType;
import scala.Option;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Makes Megaspark's SQL functions built-in functions of every session, with no registration call: for
 * SQL-only places (the {@code spark-sql} shell, the Thrift server, a notebook's SQL cells) where nobody runs
 * {@link MegasparkFunctions#register}. Enable it with the jar on the classpath and
 *
 * <pre>
 * spark.sql.extensions  io.megaspark.udfs.MegasparkExtensions
 * </pre>
 *
 * The functions take their {@link FunctionOptions} from the session conf when a query names them. The
 * functions are the same objects {@link MegasparkFunctions#register} uses, wrapped in Spark's {@link
 * ScalaUDF} expression (a catalyst class: an internal API, checked by MegasparkExtensionsIT for the Spark
 * version in use).
 */
public final class MegasparkExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    inject(extensions, TokensFunction.NAME, TokensFunction.RETURN_TYPE, 1,
        "_FUNC_(text) - the text's token count under the model's tokenizer",
        o -> unary(new TokensFunction(o)));
    inject(extensions, ScoreFunction.NAME, ScoreFunction.RETURN_TYPE, 1,
        "_FUNC_(text) - struct<nll, tokens, ppl, bits_per_byte> of the text under the model",
        o -> unary(new ScoreFunction(o)));
    inject(extensions, EmbedFunction.NAME, EmbedFunction.RETURN_TYPE, 1,
        "_FUNC_(text) - the mean final hidden state of the text, array<float>",
        o -> unary(new EmbedFunction(o)));
    inject(extensions, SummarizeFunction.NAME, SummarizeFunction.RETURN_TYPE, 2,
        "_FUNC_(text, k) - the k sentences that best represent the text, array<string>",
        o -> binary(new SummarizeFunction(o)));
    return BoxedUnit.UNIT;
  }

  private static void inject(SparkSessionExtensions extensions, String name, DataType type, int arity, String usage,
      Function<FunctionOptions, Object> function) {
    ExpressionInfo info = new ExpressionInfo(MegasparkExtensions.class.getName(), null, name, usage, "");
    extensions.injectFunction(new Tuple3<>(FunctionIdentifier.apply(name), info, new Builder(name, type, arity, function)));
  }

  /** Builds the expression when a query names the function, with the session's options at that time. */
  private static final class Builder extends AbstractFunction1<Seq<Expression>, Expression> {
    private final String name;
    private final DataType type;
    private final int arity;
    private final Function<FunctionOptions, Object> function;

    Builder(String name, DataType type, int arity, Function<FunctionOptions, Object> function) {
      this.name = name;
      this.type = type;
      this.arity = arity;
      this.function = function;
    }

    @Override
    public Expression apply(Seq<Expression> children) {
      if (children.size() != arity) {
        throw new UdfException(name + " takes " + arity + " argument" + (arity > 1 ? "s" : "") + ", got "
            + children.size() + "; for example SELECT " + name + (arity == 1 ? "(text)" : "(text, 3)") + " FROM docs");
      }
      return new ScalaUDF(function.apply(FunctionOptions.ofActiveSession()), type, children,
          noEncoders(), Option.empty(), Option.apply(name), true, true);
    }
  }

  /** No input encoders: ScalaUDF then converts arguments with Spark's plain type converters. */
  private static Seq<Option<org.apache.spark.sql.catalyst.encoders.ExpressionEncoder<?>>> noEncoders() {
    return scala.jdk.javaapi.CollectionConverters.asScala(
        java.util.List.<Option<org.apache.spark.sql.catalyst.encoders.ExpressionEncoder<?>>>of()).toList();
  }

  private static Object unary(UDF1<String, ?> f) {
    return new Unary(f);
  }

  private static Object binary(UDF2<String, Integer, ?> f) {
    return new Binary(f);
  }

  /** A one-argument function as ScalaUDF calls it; serializable, as the plan ships it to executors. */
  private static final class Unary extends AbstractFunction1<Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final UDF1<String, ?> f;

    Unary(UDF1<String, ?> f) {
      this.f = f;
    }

    @Override
    public Object apply(Object text) {
      try {
        return f.call((String) text);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A two-argument function as ScalaUDF calls it. */
  private static final class Binary extends AbstractFunction2<Object, Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final UDF2<String, Integer, ?> f;

    Binary(UDF2<String, Integer, ?> f) {
      this.f = f;
    }

    @Override
    public Object apply(Object text, Object k) {
      try {
        return f.call((String) text, (Integer) k);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
