package io.megaspark.jobs.cli;

import io.megaspark.jobs.MegasparkException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a user-facing {@link MegasparkException} into one clear message and exit code 2; anything else is a
 * bug and keeps its stack trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
  static final int USER_ERROR = 2;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parsed) throws Exception {
    Throwable t = ex;
    while (t != null && !(t instanceof MegasparkException)) {
      t = t.getCause();
    }
    if (t == null) {
      throw ex;
    }
    cli.getErr().println("megaspark " + cli.getCommandName() + ": " + t.getMessage());
    return USER_ERROR;
  }
}
