/**
 * Reading and writing model weights without Python: {@code torch.save} checkpoints, zip and legacy
 * ({@link org.metalr.models.checkpoint.TorchCheckpointReader}), safetensors files
 * ({@link org.metalr.models.checkpoint.SafetensorsReader}, {@link org.metalr.models.checkpoint.SafetensorsWriter}),
 * and matching checkpoint keys to a model's tensors ({@link org.metalr.models.checkpoint.KeyMapping},
 * {@link org.metalr.models.checkpoint.StateDictMatcher}, {@link org.metalr.models.checkpoint.LoadReport}).
 * {@link org.metalr.models.checkpoint.Checkpoints} is the usual entry point. Failures are
 * {@link org.metalr.models.checkpoint.CheckpointException}s naming the file and key.
 */
package org.metalr.models.checkpoint;
