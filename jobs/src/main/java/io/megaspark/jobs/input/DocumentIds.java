package io.megaspark.jobs.input;

import io.megaspark.jobs.MegasparkException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Ids of text-file documents: the path relative to the input root, where the root is the input directory,
 * the directory of an input file, or the part of a glob before its first wildcard ("data/*&#47;*.txt" has
 * root "data", so ids keep the sub-directory and stay unique).
 */
public final class DocumentIds {
  private DocumentIds() {}

  /**
   * The root of an input path or glob.
   *
   * @param input the --input value
   * @param isDirectory whether the input (without wildcards) is a directory
   */
  public static Path root(String input, boolean isDirectory) {
    Path p = new Path(input);
    Path nonGlob = p;
    for (Path q = p; q != null; q = q.getParent()) {
      if (hasWildcard(q.getName())) {
        nonGlob = q.getParent();
      }
    }
    if (nonGlob != p) {
      return nonGlob;
    }
    return isDirectory ? p : p.getParent();
  }

  /** The root of an input path or glob, qualified with its file system (ids are relative to it). */
  public static Path qualifiedRoot(Configuration conf, String input) {
    Path p = new Path(input);
    try {
      FileSystem fs = p.getFileSystem(conf);
      boolean dir = fs.exists(p) && fs.getFileStatus(p).isDirectory();
      return fs.makeQualified(root(input, dir));
    } catch (IOException e) {
      throw new MegasparkException("cannot read input " + input + ": " + e.getMessage(), e);
    }
  }

  /** The id of a file under a root: its relative path with '/' separators, or its full path if outside. */
  public static String of(Path root, Path file) {
    String r = Path.getPathWithoutSchemeAndAuthority(root).toString();
    String f = Path.getPathWithoutSchemeAndAuthority(file).toString();
    String prefix = r.endsWith("/") ? r : r + "/";
    return f.startsWith(prefix) ? f.substring(prefix.length()) : f;
  }

  private static boolean hasWildcard(String segment) {
    return segment.indexOf('*') >= 0 || segment.indexOf('?') >= 0 || segment.indexOf('[') >= 0
        || segment.indexOf('{') >= 0;
  }
}
