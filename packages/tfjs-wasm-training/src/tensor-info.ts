import * as tf from '@tensorflow/tfjs-core';

/**
 * Views a kernel input as a Tensor so `tf.*` ops accept it. The engine passes Tensors in
 * practice; a bare TensorInfo gets a temporary handle (sharing its data), pushed onto `temps`
 * for the caller to dispose.
 */
export function asTensor(info: tf.TensorInfo, temps: tf.Tensor[]): tf.Tensor {
  if (info instanceof tf.Tensor) return info;
  const tensor = tf.engine().makeTensorFromTensorInfo(info);
  temps.push(tensor);
  return tensor;
}
