// CRC-32C (Castagnoli, reflected, polynomial 0x1EDC6F41, initial value and
// final XOR 0xFFFFFFFF) of a fixed NBYTES-byte string, byte n at [8n +: 8],
// processed from byte 0, each byte LSB first. docs/ingress.md section 2.
//
// The CRC of a fixed-length string is affine: crc(x) = L(x) ^ crc(0^NBYTES).
// Each output bit i is the XOR of the input bits selected by row i of L
// (built at elaboration by running the bitwise CRC on every unit vector) and
// a constant bit. Two stages:
//   cycle t    data_i: per output bit, XOR of each group of GROUP input bits
//              (at most two LUT6 levels), registered
//   cycle t+1  crc_o: XOR of the partials and the constant (combinational
//              from the registers; the user registers what it needs)
module crc32c #(
  parameter int NBYTES = 129,
  parameter int GROUP  = 36
) (
  input  logic                clk_i,
  input  logic [NBYTES*8-1:0] data_i,
  output logic [31:0]         crc_o
);
  localparam int NB = NBYTES * 8;
  localparam int NG = (NB + GROUP - 1) / GROUP;
  localparam logic [31:0] POLY = 32'h82F6_3B78;   // 0x1EDC6F41 reflected

  // row i of L: bit b set when input bit b flips output bit i. Input bit t
  // of byte n enters the register at bit t and then sees 8*(NBYTES-n) steps.
  function automatic logic [NB-1:0] crc_row(input logic [4:0] i);
    logic [31:0]   v;
    logic [NB-1:0] r;
    r = '0;
    for (int t = 0; t < 8; t++) begin
      v = 32'h1 << t;
      for (int n = NBYTES - 1; n >= 0; n--) begin
        for (int s = 0; s < 8; s++) v = v[0] ? ((v >> 1) ^ POLY) : (v >> 1);
        r[8*n + t] = v[i];
      end
    end
    crc_row = r;
  endfunction

  // crc of NBYTES zero bytes: the part that does not depend on the data
  function automatic logic [31:0] crc_zero();
    logic [31:0] v;
    v = 32'hffff_ffff;
    for (int s = 0; s < NB; s++) v = v[0] ? ((v >> 1) ^ POLY) : (v >> 1);
    crc_zero = ~v;
  endfunction

  localparam logic [31:0] C0 = crc_zero();

  logic [NG*GROUP-1:0] x;
  assign x = (NG*GROUP)'(data_i);

  for (genvar i = 0; i < 32; i++) begin : g_bit
    localparam logic [NB-1:0] ROW = crc_row(5'(i));
    localparam logic [NG*GROUP-1:0] ROWX = (NG*GROUP)'(ROW);
    logic [NG-1:0] part_d, part_q;
    for (genvar g = 0; g < NG; g++) begin : g_grp
      assign part_d[g] = ^(x[GROUP*g +: GROUP] & ROWX[GROUP*g +: GROUP]);
    end
    always_ff @(posedge clk_i) part_q <= part_d;
    assign crc_o[i] = (^part_q) ^ C0[i];
  end
endmodule
