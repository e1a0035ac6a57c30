// e2h arbiter (timing.md 3.5): whole frames from the egress and ingress host
// queues into the e2h queue, round-robin. Without an owner the non-empty host
// queues compete (a tie goes to the one that is not the last winner); the
// winner owns the port until its last beat moves. A beat moves in the cycle
// the owner is chosen if the e2h queue has used < 2.
module e2h_arbiter #(
  parameter int W = 8
) (
  input  logic         clk_i,
  input  logic         rst_i,
  input  logic         eg_valid_i,    // egress host queue used > 0
  input  logic [W-1:0] eg_data_i,
  input  logic         eg_last_i,
  output logic         eg_pop_o,
  input  logic         in_valid_i,    // ingress host queue used > 0
  input  logic [W-1:0] in_data_i,
  input  logic         in_last_i,
  output logic         in_pop_o,
  input  logic [1:0]   out_used_i,
  output logic         out_push_o,
  output logic [W-1:0] out_data_o
);
  localparam logic [1:0] NONE = 2'd0, EG = 2'd1, IN = 2'd2;

  logic [1:0] owner_q, owner_d, win, cur;
  logic       last_in_q, last_in_d;   // last winner: 1 = ingress (reset)
  logic       cur_valid, cur_last, move;

  always_comb begin
    if (eg_valid_i && in_valid_i) win = last_in_q ? EG : IN;
    else if (eg_valid_i)          win = EG;
    else if (in_valid_i)          win = IN;
    else                          win = NONE;
    cur       = (owner_q != NONE) ? owner_q : win;
    cur_valid = (cur == EG) ? eg_valid_i : (cur == IN) ? in_valid_i : 1'b0;
    cur_last  = (cur == EG) ? eg_last_i : in_last_i;
    move      = cur_valid & (out_used_i < 2'd2);
    owner_d   = (move && cur_last) ? NONE : cur;
    last_in_d = (owner_q == NONE && win != NONE) ? (win == IN) : last_in_q;
  end

  assign eg_pop_o   = move & (cur == EG);
  assign in_pop_o   = move & (cur == IN);
  assign out_push_o = move;
  assign out_data_o = (cur == EG) ? eg_data_i : in_data_i;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      owner_q   <= NONE;
      last_in_q <= 1'b1;
    end else begin
      owner_q   <= owner_d;
      last_in_q <= last_in_d;
    end
  end
endmodule
