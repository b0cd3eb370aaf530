// Verilator gives a port whose name is a C++ keyword or a common C++/SystemC word the member name
// `__SYM__<name>` in the generated model class (Vitis' `interrupt` port is one). The harness must use
// the same spelling.
import { CPP_RESERVED_WORDS } from '../../dsl/emit/cpp-words.js';

/** The member name Verilator uses in the model class for a top-level port. */
export function cppMember(port: string): string {
  return CPP_RESERVED_WORDS.has(port) ? `__SYM__${port}` : port;
}
