package dev.parley.bootstrap.web;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The RFC 6455 rules Micronaut's WebSocket upgrade leaves out, for both socket protocols. It builds Netty's frame
 * decoder with extensions allowed (for permessage-deflate), which lets any reserved bit through, and installs no
 * UTF-8 check. Here, after the extension decoders (which clear the bits they own): a frame that still has a reserved
 * bit set closes the socket with 1002 (protocol error), and a text message that is not UTF-8 closes it with 1007
 * (Netty's own {@link Utf8FrameValidator}, across continuation frames too). Sits in the pipeline from the start;
 * HTTP requests pass untouched.
 */
final class WebSocketFrameRules extends Utf8FrameValidator {
  static final String HANDLER = "parley-websocket-frame-rules";
  private boolean closing;

  WebSocketFrameRules() {
    super(true); // on invalid UTF-8: send close 1007, then close the connection
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (closing && msg instanceof WebSocketFrame) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof WebSocketFrame frame && frame.rsv() != 0) {
      closing = true;
      ReferenceCountUtil.release(msg);
      ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR.code(),
          "reserved bits set without a negotiated extension")).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (cause instanceof CorruptedWebSocketFrameException) { // invalid UTF-8: the 1007 close is already on its way
      closing = true;
      return;
    }
    super.exceptionCaught(ctx, cause);
  }
}
