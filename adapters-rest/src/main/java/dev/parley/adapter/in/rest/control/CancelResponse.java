package dev.parley.adapter.in.rest.control;

import io.micronaut.serde.annotation.Serdeable;

/** Answer of a cancel: whether a turn was running (and was stopped). */
@Serdeable
public record CancelResponse(boolean cancelled) {}
