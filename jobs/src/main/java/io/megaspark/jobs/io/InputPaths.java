package io.megaspark.jobs.io;

import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.MegasparkException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * Lists a corpus's files on the driver, before any Spark job starts, so errors name the path.
 *
 * <p>Written by hand rather than left to Spark's file sources because those silently drop zero-length
 * files, and an empty document must still produce a (zero-token) result.
 */
public final class InputPaths {
  /** One input file: its path and length in bytes. */
  public record InputFile(String path, long length) implements java.io.Serializable {}

  private InputPaths() {}

  /** True when a path or glob matches at least one file or directory. */
  public static boolean exists(SparkSession spark, String pathOrGlob) {
    Path p = new Path(pathOrGlob);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] matches = fs.globStatus(p);
      return matches != null && matches.length > 0;
    } catch (IOException e) {
      throw new MegasparkException("cannot read input " + pathOrGlob + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every file under a path or glob (directories are walked recursively), sorted by path so document
   * order and ids are stable from run to run. Hidden files ({@link #isHidden}) are left out.
   */
  public static List<InputFile> listFiles(SparkSession spark, String pathOrGlob) {
    Path p = new Path(pathOrGlob);
    List<InputFile> out = new ArrayList<>();
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw JobErrors.inputNotFound(pathOrGlob);
      }
      for (FileStatus m : matches) {
        if (m.isDirectory()) {
          RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
          while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            if (!isHidden(f.getPath().getName())) {
              out.add(new InputFile(f.getPath().toString(), f.getLen()));
            }
          }
        } else if (!isHidden(m.getPath().getName())) {
          out.add(new InputFile(m.getPath().toString(), m.getLen()));
        }
      }
    } catch (IOException e) {
      throw new MegasparkException("cannot list input " + pathOrGlob + ": " + e.getMessage(), e);
    }
    out.sort(java.util.Comparator.comparing(InputFile::path));
    return out;
  }

  /**
   * The one rule for hidden files, shared by every reader of input files (the Spark jobs, prepare, and
   * train's own text reader, TextCorpus): a name starting with '.' or '_' (Hadoop's and Spark's convention:
   * {@code .crc} files, {@code _SUCCESS}, {@code _bad_records.json}). Hidden files are never documents.
   *
   * @param fileName the file's name, without its directory
   */
  public static boolean isHidden(String fileName) {
    return fileName.startsWith(".") || fileName.startsWith("_");
  }
}
