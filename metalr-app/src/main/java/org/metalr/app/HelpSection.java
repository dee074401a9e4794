package org.metalr.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The heading under which a mixin's options appear in a command's help ({@link GroupedOptionList}).
 * Mixins with the same heading share one section, in the order of first appearance.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface HelpSection {

    /** The section's heading, without a colon. */
    String value();
}
