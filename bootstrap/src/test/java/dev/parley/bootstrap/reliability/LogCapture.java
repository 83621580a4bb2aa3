package dev.parley.bootstrap.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Captures every log event of this JVM at WARN and above (the server runs in-process) for the test to inspect. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  /** One event, rendered. */
  public record Event(Level level, String logger, String text) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();

  public static LogCapture attach() {
    LogCapture capture = new LogCapture();
    capture.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
    capture.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(capture);
    return capture;
  }

  @Override
  protected void append(ILoggingEvent event) {
    String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy()));
    events.add(new Event(event.getLevel(), event.getLoggerName(), text));
  }

  public List<Event> errors() {
    return events.stream().filter(e -> e.level().isGreaterOrEqual(Level.ERROR)).toList();
  }

  public List<Event> all() {
    return List.copyOf(events);
  }

  @Override
  public void close() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(this);
    stop();
  }
}
