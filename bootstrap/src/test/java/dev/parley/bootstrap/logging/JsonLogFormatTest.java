package dev.parley.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** logback-json.xml, the configuration for JSON lines, writes one JSON object per event with the MDC ids. */
class JsonLogFormatTest {

  @Test
  @SuppressWarnings("unchecked")
  void the_json_configuration_writes_one_object_per_line_with_the_mdc() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback-json.xml"));
    try {
      OutputStreamAppender<ILoggingEvent> appender =
          (OutputStreamAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("JSON");
      assertThat(appender).as("the JSON appender").isNotNull();
      ch.qos.logback.classic.Logger logger = context.getLogger("dev.parley.http.access");
      LoggingEvent event = new LoggingEvent("test", logger, Level.INFO, "{} {} {} {} ms",
          null, new Object[] {"POST", "/api/v1/chats", 201, 12});
      event.setMDCPropertyMap(Map.of("tenant_id", "t-1", "chat_id", "c-1", "call_id", "k-1"));
      String line = new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);

      assertThat(line).endsWith("\n").doesNotContain("\n\n");
      Map<String, Object> json = JsonMapper.createDefault().readValue(line.trim(), Argument.mapOf(String.class, Object.class));
      assertThat(json).containsEntry("level", "INFO").containsEntry("loggerName", "dev.parley.http.access")
          .containsEntry("formattedMessage", "POST /api/v1/chats 201 12 ms");
      assertThat((Map<String, Object>) json.get("mdc")).containsEntry("tenant_id", "t-1").containsEntry("chat_id", "c-1")
          .containsEntry("call_id", "k-1");
    } finally {
      context.stop();
    }
  }
}
