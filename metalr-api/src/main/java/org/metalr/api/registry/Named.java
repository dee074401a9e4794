package org.metalr.api.registry;

/**
 * Something a {@link Registry} lists: a method, a dataset layout, a model family, a backend. Its name
 * is how users select it and how files record it; the summary is its one line in help texts.
 */
public interface Named {

    /** The name users give to select it: lower case, no spaces, unique within its registry. */
    String name();

    /** One line for help texts and listings, without a trailing period. */
    String summary();
}
