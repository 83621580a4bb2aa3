package dev.parley.bootstrap.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/**
 * Benchmark baseline only (bench/run): a bare endpoint of the same server that answers the request body as it came,
 * on the event loop, without authentication or database. It exists only when {@code parley.bench.echo-endpoint=true};
 * no configuration shipped with Parley sets it.
 */
@Controller("/bench")
@Requires(property = "parley.bench.echo-endpoint", value = "true")
public class BenchEchoController {
  @Post(uri = "/echo", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public byte[] echo(@Body byte[] body) {
    return body;
  }
}
