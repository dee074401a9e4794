package org.metalr.app;

import org.metalr.api.registry.Registry;

/** The registered {@link StudyTask}s. */
final class StudyTasks {

    private static final Registry<StudyTask> REGISTRY = Registry.load(StudyTask.class, "study task");

    private StudyTasks() {
    }

    /** Every registered task, sorted by name. */
    static Registry<StudyTask> registry() {
        return REGISTRY;
    }
}
