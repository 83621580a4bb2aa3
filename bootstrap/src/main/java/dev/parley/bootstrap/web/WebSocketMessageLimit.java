package dev.parley.bootstrap.web;

import dev.parley.adapter.in.ws.WebCallSettings;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * Caps a whole WebSocket message, not only one frame. Netty refuses a single frame above the socket's
 * {@code maxPayloadLength} (1 MiB), but Micronaut joins a message's continuation frames in memory without any
 * limit, so a client sending one message in many small frames (as the JDK client and browsers do for long text)
 * could make the server hold gigabytes. Found by WebSocketFaultReliabilityTest: a 16 MiB message was read whole.
 * A message that grows past {@link WebCallSettings#NETTY_FRAME_CEILING} closes the socket with 1009, as a single
 * oversized frame does.
 */
@Singleton
public class WebSocketMessageLimit implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
  static final String HANDLER = "parley-websocket-message-limit";
  private static final long CLOSE_WAIT_SECONDS = 2;

  @Override
  public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    event.getBean().register(new Customizer(null));
    return event.getBean();
  }

  /**
   * Puts the limit just before the HTTP request handler (the pipeline's last handler): a WebSocket upgrade adds the
   * socket handler right before that one, so every frame passes the limit first. HTTP traffic passes untouched.
   */
  private record Customizer(Channel channel) implements NettyServerCustomizer {
    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
      return new Customizer(channel);
    }

    @Override
    public void onStreamPipelineBuilt() {
      if (channel == null || channel.pipeline().get(HANDLER) != null) return;
      // The shutdown-close handler (WebSocketShutdownClose) sits at the very end; the request handler is before it.
      String requestHandler = null;
      for (String name : channel.pipeline().names()) {
        if (name.equals(WebSocketShutdownClose.HANDLER) || channel.pipeline().context(name) == null) continue;
        requestHandler = name;
      }
      if (requestHandler == null) return;
      channel.pipeline().addBefore(requestHandler, HANDLER, new Limit(WebCallSettings.NETTY_FRAME_CEILING));
      channel.pipeline().addBefore(HANDLER, WebSocketFrameRules.HANDLER, new WebSocketFrameRules()); // checked before counted
    }
  }

  /** Counts the bytes of the message being received; HTTP objects before the upgrade pass untouched. */
  static final class Limit extends ChannelInboundHandlerAdapter {
    private final long max;
    private long bytes;
    private boolean closing;

    Limit(long max) {
      this.max = max;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof WebSocketFrame frame) || msg instanceof CloseWebSocketFrame) {
        ctx.fireChannelRead(msg);
        return;
      }
      if (closing) {
        ReferenceCountUtil.release(msg);
        return;
      }
      boolean data = msg instanceof ContinuationWebSocketFrame || msg instanceof TextWebSocketFrame
          || msg instanceof BinaryWebSocketFrame;
      if (!data) {
        ctx.fireChannelRead(msg); // ping, pong
        return;
      }
      if (!(msg instanceof ContinuationWebSocketFrame)) bytes = 0; // a new message starts
      bytes += frame.content().readableBytes();
      if (bytes > max) {
        closing = true;
        ReferenceCountUtil.release(msg);
        // The rest of the message is dropped here. The connection stays up a moment for the client's close reply:
        // closing TCP at once would reset a client that is still writing, before it has read why.
        ctx.writeAndFlush(new CloseWebSocketFrame(1009, "message too big: at most " + max + " bytes"))
            .addListener(f -> ctx.executor().schedule(() -> ctx.close(), CLOSE_WAIT_SECONDS, TimeUnit.SECONDS));
        return;
      }
      ctx.fireChannelRead(msg);
    }
  }
}
