// Names Verilator treats as C++ keywords or common C++/SystemC words (its SYMRSVDWORD warning): a port
// with such a name (Vitis requires `interrupt`) gets the member name `__SYM__<name>` in Verilator's model
// class, and the emitter waives the warning around the port list so `verilator -Wall` stays silent.
export const CPP_RESERVED_WORDS: ReadonlySet<string> = new Set(
  // C++ keywords (up to C++20, with the TM and modules technical specifications)
  (
    'alignas alignof and and_eq asm atomic_cancel atomic_commit atomic_noexcept auto bitand bitor bool ' +
    'break case catch char char8_t char16_t char32_t class compl concept const consteval constexpr ' +
    'constinit const_cast continue co_await co_return co_yield decltype default delete do double ' +
    'dynamic_cast else enum explicit export extern false float for friend goto if import inline int ' +
    'long module mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected ' +
    'public register reinterpret_cast requires restrict return short signed sizeof static static_assert ' +
    'static_cast struct switch synchronized template this thread_local throw true try typedef typeid ' +
    'typename union unsigned using virtual void volatile wchar_t while xor xor_eq ' +
    // words common in C++ headers that Verilator also avoids
    'NULL abort bit_vector cdecl complex const_iterator deque far huge interrupt iterator list map near ' +
    'override pascal queue reference set stack transaction_safe transaction_safe_dynamic type_info ' +
    'uint8_t uint16_t uint32_t vector ' +
    // SystemC
    'sc_clock sc_in sc_inout sc_out sc_signal sensitive sensitive_neg sensitive_pos'
  ).split(' '),
);
