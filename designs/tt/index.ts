// Public API of the TT math: parameters, the float64 reference, the FP32 hardware-order model,
// the TTM embedding. Other designs import from here only.
export type { TTLayerShape, TTMEmbeddingShape } from '../transformer/config.js';
export {
  type TTLinearParams,
  type TTLinearParams32,
  type TTMEmbeddingParams,
  type TTMEmbeddingParams32,
  initTTLinear,
  initTTMEmbedding,
  ttLinearTo32,
  ttLinearTo64,
  ttmTo32,
  ttmTo64,
} from './tt-params.js';
export { ttLayerDims, ttmDims, mixedRadixDigits, type TTLayerDims, type TTMDims } from './tt-shape.js';
export {
  type Arr,
  type MatView,
  type GemmKernel,
  view,
  rowMajor,
  transposed,
  matmul,
  FP32_GEMM,
  FP64_GEMM,
} from './gemm-kernel.js';
export { leftMerge, leftMergeBackward, rightMerge, rightMergeBackward } from './chain.js';
export {
  ttLinearForward,
  ttLinearBackward,
  ttReconstruct,
  ttLinearForward64,
  ttLinearBackward64,
  ttLinearForward32,
  ttLinearBackward32,
  type TTLinearOf,
  type TTLinearCache,
  type TTLinearGrads,
  type TTLinearCache64,
  type TTLinearGrads64,
  type TTLinearCache32,
  type TTLinearGrads32,
} from './tt-linear.js';
export {
  ttmRow,
  ttmRowBackward,
  ttmRow64,
  ttmRowBackward64,
  ttmRow32,
  ttmRowBackward32,
  ttmSlices,
  splitSliceGrads,
  type TTMEmbeddingOf,
  type TTMSliceGrad,
} from './ttm-embedding.js';
export { FP32_GEMM_ORDER, mac32, gemm32, matmul32, executeGemmStep32 } from './gemm32.js';
export type { GemmStep, OperandRef, BufferDecl, BufferRole } from './gemm-step.js';
export { FP32_TOLERANCE, relativeError } from './fp32-tolerance.js';
export { sgdUpdate32, adamUpdate32, sgdUpdate64, adamUpdate64, DEFAULT_ADAM, type AdamConfig } from './optimizer32.js';
export {
  planTTLinear,
  checkScheduleBounds,
  scheduleMacs,
  type TTSchedule,
  type UpdateStep,
  type AdamStep,
} from './tt-planner.js';
export { allocateBuffers32, runSteps32 } from './schedule-exec32.js';
export {
  ttCostReport,
  ttForwardNetwork,
  flowTree,
  type TTCostReport,
  type FlowCost,
  type FlowName,
} from './tt-flows.js';
export {
  searchContractionOrder,
  evaluateTree,
  formatTree,
  type ContractionTree,
  type TreeCost,
} from './contraction-order.js';
export { planTTLinearTree } from './tree-planner.js';
export { compileContraction, rowMajorLayout, type TensorLayout } from './contraction-compiler.js';
export { executeGemmStep64 } from './gemm64-step.js';
export { ttLinearFull32 } from './tt-linear-full32.js';
export { planTTMRow, applyTTMGrads32, type TTMRowSchedule } from './ttm-planner.js';
