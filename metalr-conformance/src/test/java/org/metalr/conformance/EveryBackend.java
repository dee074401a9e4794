package org.metalr.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the annotated test once for every backend that {@code Backends.available()} lists, handing it
 * the backend's name: one test body, every implementation, as Caffeine's {@code @CacheSpec} runs a
 * cache test over every cache. This is how the backend contract suite is written once for all
 * backends; a backend found on the class path is tested without an edit here. A test that varies
 * another value too draws its arguments from {@link Cases#backends()} in a {@link MethodSource}, with
 * the backend's name first.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ParameterizedTest(name = "{0}")
@MethodSource("org.metalr.conformance.Cases#backends")
@interface EveryBackend {}
