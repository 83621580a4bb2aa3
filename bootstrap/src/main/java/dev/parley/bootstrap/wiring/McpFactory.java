package dev.parley.bootstrap.wiring;

import dev.parley.adapter.out.mcp.McpSettings;
import dev.parley.adapter.out.mcp.StreamableHttpMcpTools;
import dev.parley.adapter.out.tracing.OtelTracing;
import dev.parley.adapter.out.tracing.TracingMcpTools;
import dev.parley.adapter.out.webhooks.OutboundAddressPolicy;
import dev.parley.application.tracing.TraceHeaders;
import dev.parley.application.tool.McpToolbox;
import dev.parley.application.tool.McpTools;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the agents' MCP tools: the Streamable HTTP client ({@code parley.mcp.*}) behind the engine's toolbox. */
@Factory
public class McpFactory {
  private static final Logger LOG = LoggerFactory.getLogger(McpToolbox.class);

  @Singleton
  @Bean(preDestroy = "close")
  StreamableHttpMcpTools mcpTools(OutboundAddressPolicy policy, TraceHeaders trace,
                                  @Value("${parley.mcp.timeout:30s}") Duration timeout,
                                  @Value("${parley.mcp.tools-cache-ttl:5m}") Duration toolsCacheTtl,
                                  @Value("${parley.tools.max-response-bytes:262144}") int maxResponseBytes,
                                  @Value("${parley.mcp.max-sessions:1000}") int maxSessions) {
    return new StreamableHttpMcpTools(policy, new McpSettings(timeout, toolsCacheTtl, maxResponseBytes, maxSessions),
        trace::current);
  }

  @Singleton
  McpToolbox mcpToolbox(StreamableHttpMcpTools client, Optional<OtelTracing> tracing) {
    McpTools tools = tracing.<McpTools>map(t -> new TracingMcpTools(client, t)).orElse(client);
    return new McpToolbox(tools, problem -> LOG.warn("{}", problem));
  }
}
