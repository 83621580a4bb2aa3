package dev.parley.adapter.in.rest.chatpage;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/** {@code /} leads to the chat page, which the static resources serve at {@code /chat/}. */
@Hidden
@Controller
public class ChatPageController {
  private static final URI PAGE = URI.create("/chat/");

  @Get("/")
  public HttpResponse<?> root() {
    return HttpResponse.seeOther(PAGE);
  }
}
