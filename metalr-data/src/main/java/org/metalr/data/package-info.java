/**
 * Engine-free data shared by the 2D and 3D pipelines: labelled sets and their splits
 * ({@link org.metalr.data.LabelledSet}, {@link org.metalr.data.DatasetSplits},
 * {@link org.metalr.data.CrossValidation}), bad-input handling ({@link org.metalr.data.BadInputException},
 * {@link org.metalr.data.ScanOptions}, {@link org.metalr.data.BadInputReport}), and the deterministic,
 * prefetching {@link org.metalr.data.BatchLoader} that yields {@link org.metalr.api.Batch}es: class-labelled
 * batches from a {@link org.metalr.data.SampleSource}, segmentation batches with masks from a
 * {@link org.metalr.data.SegmentationSource}. Datasets as users download them are read through the
 * registered layouts of {@link org.metalr.data.layout}.
 */
package org.metalr.data;
