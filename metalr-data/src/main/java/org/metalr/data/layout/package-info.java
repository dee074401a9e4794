/**
 * Dataset layouts: how a dataset lies on disk, found by name. A {@link org.metalr.data.layout.DatasetLayout}
 * recognises its data in a path, and opens a {@link org.metalr.data.layout.DataRequest} (the data's path and
 * every splitting and cutting setting, in one value) into a {@link org.metalr.data.layout.Dataset}: labelled
 * images ({@link org.metalr.data.image.ImageDataset}) or volumes with masks
 * ({@link org.metalr.data.volume.VolumeDataset}). {@link org.metalr.data.layout.DatasetLayouts#registry()}
 * lists the layouts registered in {@code META-INF/services/org.metalr.data.layout.DatasetLayout}.
 *
 * <pre>{@code
 * DatasetLayout layout = DatasetLayouts.registry().named("pocus");
 * DataRequest request = DataRequest.builder().data(Path.of("pocus")).splitSeed(1).build();
 * ImageDataset pocus = (ImageDataset) DatasetLayouts.open(layout, request);
 * DatasetSplits fold2 = pocus.splits(2);
 * }</pre>
 *
 * <p>This package depends on the module's root package only; the layouts live beside the code that reads
 * their files ({@code image}, {@code volume}, {@code synthetic}).
 */
package org.metalr.data.layout;
