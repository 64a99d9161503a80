/** The TensorFlow build `fluke setup tensorflow` installs, and the tfjs-node binding built against it. */
export const tensorflowVersion = '2.21.0';
export const tfjsNodeVersion = '4.22.0';

export type TensorflowVariant = 'cpu' | 'gpu';

/** The wheels are manylinux x86_64 builds; pip is asked for this tag whatever Python it runs on. */
export const wheelPlatform = { pythonVersion: '3.11', platform: 'manylinux_2_27_x86_64' } as const;

/** Wheels carrying libtensorflow_cc.so.2 (the C and eager C API the binding calls). */
export const tensorflowWheel: Record<TensorflowVariant, string> = {
  cpu: `tensorflow-cpu==${tensorflowVersion}`,
  gpu: `tensorflow==${tensorflowVersion}`,
};

/** NVIDIA's CUDA 12 runtime wheels the CUDA build of TensorFlow 2.21 loads at run time. */
export const cudaRuntimeWheels = [
  'nvidia-cublas-cu12',
  'nvidia-cuda-cupti-cu12',
  'nvidia-cuda-nvrtc-cu12',
  'nvidia-cuda-runtime-cu12',
  'nvidia-cudnn-cu12',
  'nvidia-cufft-cu12',
  'nvidia-curand-cu12',
  'nvidia-cusolver-cu12',
  'nvidia-cusparse-cu12',
  'nvidia-nccl-cu12',
  'nvidia-nvjitlink-cu12',
] as const;

export const nativePackage: Record<TensorflowVariant, '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu'> = {
  cpu: '@tensorflow/tfjs-node',
  gpu: '@tensorflow/tfjs-node-gpu',
};

/** Said by `fluke doctor` until the CUDA path has been run on a machine with an NVIDIA GPU. */
export const gpuPathStatus =
  'the tensorflow-gpu path (fluke setup tensorflow --gpu) has not been run on a GPU machine yet; scripts/check-gpu.sh is the one-command check for one';
