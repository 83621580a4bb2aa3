package dev.parley.adapter.in.rest.chatpage;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code /widget.js}, the embeddable chat widget (docs/widget.md): its parts under {@code public/widget/} joined into
 * one script in one function scope, so a host page adds a single tag and the parts stay small files. It is served
 * to every origin (a script tag needs no CORS, but a host using {@code crossorigin} or subresource integrity does);
 * the token's allowed origins are enforced where they matter, on the socket.
 */
@Hidden
@Controller
public class WidgetScriptController {
  static final String[] PARTS = {"styles.js", "markdown.js", "panel.js", "widget.js"};
  private final byte[] script;
  private final String etag;

  public WidgetScriptController() {
    StringBuilder joined = new StringBuilder("/* Parley chat widget: see docs/widget.md */\n(() => {\n'use strict';\n");
    for (String part : PARTS) joined.append("\n// --- ").append(part).append('\n').append(read("public/widget/" + part));
    script = joined.append("})();\n").toString().getBytes(StandardCharsets.UTF_8);
    etag = '"' + sha256(script).substring(0, 32) + '"';
  }

  @Get("/widget.js")
  public MutableHttpResponse<?> script(HttpRequest<?> request) {
    MutableHttpResponse<?> response = etag.equals(request.getHeaders().get(HttpHeaders.IF_NONE_MATCH))
        ? HttpResponse.notModified() : HttpResponse.ok(script);
    return response.contentType("text/javascript; charset=utf-8")
        .header(HttpHeaders.ETAG, etag)
        .header(HttpHeaders.CACHE_CONTROL, "no-cache") // revalidated by ETag: a new release reaches pages at once
        .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .header("Cross-Origin-Resource-Policy", "cross-origin")
        .header("X-Content-Type-Options", "nosniff");
  }

  private static String read(String resource) {
    try (InputStream in = WidgetScriptController.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing widget part on the class path: " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
