package dev.parley.adapter.in.rest.support;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem responses (application/problem+json, components.yml) every operation of a resource controller may
 * answer with: declared once here, so the OpenAPI document lists the same set on each operation of a controller
 * that carries this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
@ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
@ApiResponse(responseCode = "413", ref = "#/components/responses/PayloadTooLarge")
@ApiResponse(responseCode = "415", ref = "#/components/responses/UnsupportedMediaType")
@ApiResponse(responseCode = "422", ref = "#/components/responses/UnprocessableContent")
@ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
public @interface StandardProblemResponses {}
