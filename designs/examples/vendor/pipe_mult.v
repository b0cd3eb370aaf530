// A vendor-style pipelined multiplier (ANSI header with parameters): the black-box example imports
// its ports from this header. Product = a * b, LATENCY cycles after the operands.
module pipe_mult #(
  parameter A_WIDTH = 8,
  parameter B_WIDTH = A_WIDTH,
  parameter LATENCY = 2,
  localparam P_WIDTH = A_WIDTH + B_WIDTH
) (
  input  wire                 clk,
  input  wire [A_WIDTH-1:0]   a,
  input  wire [B_WIDTH-1:0]   b,
  output wire [P_WIDTH-1:0]   p
);
  reg [P_WIDTH-1:0] stages [0:LATENCY-1];
  integer i;
  always @(posedge clk) begin
    stages[0] <= a * b;
    for (i = 1; i < LATENCY; i = i + 1) stages[i] <= stages[i - 1];
  end
  assign p = stages[LATENCY-1];
endmodule
