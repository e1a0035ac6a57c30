// Number of valid bytes in a beat. tkeep is contiguous from bit 0 (SPEC 2), so
// the count is one past the highest set bit: a priority encode instead of a
// popcount adder tree keeps the LUT depth low at 64 bytes.
module keep_count #(
  parameter int BYTES = 8,
  parameter int CW    = $clog2(BYTES + 1)
) (
  input  logic [BYTES-1:0] keep_i,
  output logic [CW-1:0]    count_o
);
  always_comb begin
    count_o = '0;
    for (int i = 0; i < BYTES; i++) begin
      if (keep_i[i]) count_o = CW'(i + 1);
    end
  end
endmodule
