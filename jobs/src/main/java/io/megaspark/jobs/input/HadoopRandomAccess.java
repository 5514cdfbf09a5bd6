package io.megaspark.jobs.input;

import io.megaspark.chunking.tokenize.RandomAccessInput;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Chunking's positioned reads over any Hadoop file system (local, HDFS, S3A). */
final class HadoopRandomAccess implements RandomAccessInput {
  private final FSDataInputStream in;
  private final long size;

  HadoopRandomAccess(String path, Configuration conf) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    this.size = fs.getFileStatus(p).getLen();
    this.in = fs.open(p);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long position, byte[] dst, int off, int len) throws IOException {
    return in.read(position, dst, off, len);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
