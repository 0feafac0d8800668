package dev.spool.demo;

/** How far a run has come, as the progress bar shows it. */
interface Progress {

    /** Tasks that succeeded or became dead letters. */
    long finished();

    /** Failed attempts that were scheduled again. */
    long retried();

    /** Tasks that became dead letters. */
    long deadLettered();
}
