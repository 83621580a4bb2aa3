package dev.parley.bootstrap.web;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.websocket.NettyWebSocketSession;
import io.micronaut.http.server.netty.NettyEmbeddedServer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Web chat sockets get a close frame — 1001 "going away" with a reason — when the server stops, instead of a bare
 * TCP close (1006). Micronaut closes upgraded connections at the very start of {@code EmbeddedServer.stop()}, before
 * any event or {@code GracefulShutdownCapable} runs, so the frame is written where that close passes: a Netty
 * handler on each connection that, while the server is stopping, writes the close frame and closes after it.
 * Closes at other times (the protocol's own, a client leaving) pass through untouched.
 */
@Singleton
public class WebSocketShutdownClose implements BeanCreatedEventListener<NettyEmbeddedServer> {
  static final String HANDLER = "parley-websocket-shutdown-close";

  /** Sockets that get the frame, by path, and the reason they are given (at most 123 bytes). */
  static final Map<String, String> REASONS = Map.of(
      "/api/v1/ws/webCall", "server shutting down; resume with your resume token",
      "/ws/chat", "server shutting down; reconnect with the chat_id to continue");

  @Override
  public NettyEmbeddedServer onCreated(BeanCreatedEvent<NettyEmbeddedServer> event) {
    NettyEmbeddedServer server = event.getBean();
    BooleanSupplier stopping = () -> !server.isRunning(); // false from the first line of stop()
    server.register(new NettyServerCustomizer() {
      @Override
      public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
        if (role != ChannelRole.CONNECTION) return this;
        return new NettyServerCustomizer() {
          @Override
          public void onInitialPipelineBuilt() {
            channel.pipeline().addLast(HANDLER, new CloseOnShutdown(stopping));
          }
        };
      }
    });
    return server;
  }

  /** One per connection. Sees every write, so it knows when the socket's own close frame has gone out already. */
  static final class CloseOnShutdown extends ChannelDuplexHandler {
    private final BooleanSupplier stopping;
    private boolean closeFrameSent; // event loop only

    CloseOnShutdown(BooleanSupplier stopping) {
      this.stopping = stopping;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof CloseWebSocketFrame) closeFrameSent = true;
      ctx.write(msg, promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
      String reason = closeFrameSent || !stopping.getAsBoolean() ? null : reason(ctx.channel());
      if (reason == null || !ctx.channel().isActive()) {
        ctx.close(promise);
        return;
      }
      closeFrameSent = true;
      // from the pipeline's tail, so the WebSocket encoder (wherever the upgrade put it) writes the frame
      ctx.channel().writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, reason))
          .addListener(written -> ctx.close(promise));
    }

    private static String reason(Channel channel) {
      NettyWebSocketSession session = channel.attr(NettyWebSocketSession.WEB_SOCKET_SESSION_KEY).get();
      return session == null ? null : REASONS.get(session.getRequestURI().getPath());
    }
  }
}
