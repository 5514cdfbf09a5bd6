package io.megaspark.jobs.longdoc;

import static io.megaspark.jobs.longdoc.LongDocColumns.DOC_ID;
import static io.megaspark.jobs.longdoc.LongDocColumns.PIECE;
import static io.megaspark.jobs.longdoc.LongDocColumns.PIECES;
import static io.megaspark.jobs.longdoc.LongDocColumns.RANGE;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * Walks a partition's piece rows range by range. A range's pieces are made by one task and stay
 * together and in order in its partition (every later stage is a narrow map over the persisted rows, and
 * the broadcast join that adds the driver's summaries streams them in order), so a range's layer state
 * can be carried from piece to piece. The walk checks this and fails loudly if it ever does not hold.
 */
final class RangePieces {
  private RangePieces() {}

  /** A step's output row and the carry for the next piece of the range. */
  record Out<A>(Row row, A carry) {}

  /**
   * One output row per range: {@code start} on its first piece, {@code step} on every piece in order,
   * {@code finish} with the first piece's row (for its keys) after the last.
   */
  static <A> Iterator<Row> perRange(Iterator<Row> rows, Function<Row, A> start,
      BiFunction<A, Row, A> step, BiFunction<Row, A, Row> finish) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row first = rows.next();
        expect(first, null);
        A acc = step.apply(start.apply(first), first);
        Row last = first;
        while (last.<Integer>getAs(PIECE) + 1 < last.<Integer>getAs(PIECES)) {
          if (!rows.hasNext()) {
            throw broken(last, "the partition ends before the range's last piece");
          }
          Row row = rows.next();
          expect(row, last);
          acc = step.apply(acc, row);
          last = row;
        }
        return finish.apply(first, acc);
      }
    };
  }

  /** One output row per piece, with a carry threaded through each range's pieces in order. */
  static <A> Iterator<Row> perPiece(Iterator<Row> rows, Function<Row, A> start,
      BiFunction<A, Row, Out<A>> step) {
    return new Iterator<>() {
      private Row last;
      private A carry;

      @Override
      public boolean hasNext() {
        if (rows.hasNext()) {
          return true;
        }
        if (last != null && last.<Integer>getAs(PIECE) + 1 != last.<Integer>getAs(PIECES)) {
          throw broken(last, "the partition ends before the range's last piece");
        }
        return false;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row row = rows.next();
        boolean first = last == null || last.<Integer>getAs(PIECE) + 1 == last.<Integer>getAs(PIECES);
        expect(row, first ? null : last);
        Out<A> out = step.apply(first ? start.apply(row) : carry, row);
        carry = out.carry();
        last = row;
        return out.row();
      }
    };
  }

  /** {@code row} must be piece 0 of a range ({@code previous} null) or the piece after {@code previous}. */
  private static void expect(Row row, Row previous) {
    int piece = row.getAs(PIECE);
    if (previous == null ? piece != 0 : !sameRange(row, previous)
        || piece != previous.<Integer>getAs(PIECE) + 1) {
      throw broken(row, "pieces arrived out of order"
          + (previous == null ? "" : " after piece " + previous.<Integer>getAs(PIECE)));
    }
  }

  private static boolean sameRange(Row a, Row b) {
    return a.<String>getAs(DOC_ID).equals(b.getAs(DOC_ID)) && a.<Integer>getAs(RANGE).equals(b.getAs(RANGE));
  }

  private static IllegalStateException broken(Row row, String what) {
    return new IllegalStateException("layer-wise scan: " + what + " (document " + row.getAs(DOC_ID)
        + ", range " + row.getAs(RANGE) + ", piece " + row.getAs(PIECE) + " of " + row.getAs(PIECES)
        + "): a range's pieces must stay together and in order in one partition");
  }
}
