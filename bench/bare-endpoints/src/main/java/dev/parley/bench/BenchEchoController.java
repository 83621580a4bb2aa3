package dev.parley.bench;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/**
 * Benchmark baseline only (bench/run): a bare endpoint of the same server that answers the request body as it came,
 * on the event loop, without authentication or database. It exists only when this module's jar is on the class path,
 * which only bench/run and bench/smoke do: the shipped jar does not contain it.
 */
@Controller("/bench")
public class BenchEchoController {
  @Post(uri = "/echo", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public byte[] echo(@Body byte[] body) {
    return body;
  }
}
