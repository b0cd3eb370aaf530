// A two-flop synchronizer written in the old (non-ANSI) style; the example declares its black box
// by hand.
module sync_bit (clk, d, q);
  parameter STAGES = 2;
  input clk;
  input d;
  output q;
  (* ASYNC_REG = "TRUE" *) reg [STAGES-1:0] chain = {STAGES{1'b0}};
  always @(posedge clk) chain <= {chain[STAGES-2:0], d};
  assign q = chain[STAGES-1];
endmodule
