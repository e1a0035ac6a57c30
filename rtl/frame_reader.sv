// Reader of one path (timing.md 3.3). Idle, or working on one frame. An idle
// reader whose decision queue head is visible takes it and may move the first
// beat in the same cycle; a working reader moves at most one beat a cycle when
// the beat is in the FIFO and the destination queue has used < 2 (a dropped
// beat is discarded unconditionally). The cycle the last beat goes it is idle
// again, so frames follow with no bubble. The counter event is issued in that
// cycle: bytes = ev_base_o + (valid bytes of ev_keep_o), the sum being
// formed inside the counter bank's pipeline.
module frame_reader #(
  parameter int DATA_W = 64,
  parameter int BYTES  = DATA_W / 8
) (
  input  logic              clk_i,
  input  logic              rst_i,
  // decision queue: {meta[127:0], reason[4:0], cnt_func[7:0], dest[1:0]}
  input  logic              dq_valid_i,
  input  logic [142:0]      dq_data_i,
  output logic              dq_pop_o,
  // frame FIFO head
  input  logic              fifo_valid_i,
  input  logic [DATA_W-1:0] fifo_data_i,
  input  logic [BYTES-1:0]  fifo_keep_i,
  input  logic              fifo_last_i,
  output logic              fifo_pop_o,
  // destination queues
  input  logic [1:0]        net_used_i,
  input  logic [1:0]        host_used_i,
  output logic              net_push_o,
  output logic              host_push_o,
  output logic [DATA_W-1:0] out_data_o,
  output logic [BYTES-1:0]  out_keep_o,
  output logic              out_last_o,
  output logic [127:0]      out_user_o,
  // counter event
  output logic              ev_valid_o,
  output logic [7:0]        ev_func_o,
  output logic [4:0]        ev_reason_o,
  output logic [31:0]       ev_base_o,
  output logic [BYTES-1:0]  ev_keep_o
);
  localparam logic [1:0] DEST_NET = 2'd1, DEST_HOST = 2'd2;

  logic         busy_q, busy_d;
  logic [142:0] dec_q, dec;
  logic [31:0]  bytes_q, bytes_d, base;
  logic         take, active, room, move;
  logic         first_q, first_d, first;   // no beat of this frame has moved yet
  logic [1:0]   dest;

  always_comb begin
    take   = ~busy_q & dq_valid_i;
    active = busy_q | take;
    dec    = take ? dq_data_i : dec_q;
    dest   = dec[1:0];
    base   = take ? 32'd0 : bytes_q;
    // drop (0, and the unused code 3) never waits
    room   = (dest == DEST_NET)  ? (net_used_i  < 2'd2) :
             (dest == DEST_HOST) ? (host_used_i < 2'd2) : 1'b1;
    move   = active & fifo_valid_i & room;
    busy_d = active & ~(move & fifo_last_i);
    bytes_d = move ? base + 32'(BYTES) : base;
    first   = take | first_q;
    first_d = first & ~move;
  end

  assign dq_pop_o    = take;
  assign fifo_pop_o  = move;
  assign net_push_o  = move & (dest == DEST_NET);
  assign host_push_o = move & (dest == DEST_HOST);
  assign out_data_o  = fifo_data_i;
  assign out_keep_o  = fifo_keep_i;
  assign out_last_o  = fifo_last_i;
  // metadata rides on the first beat only (timing.md section 1)
  assign out_user_o  = first ? dec[142:15] : 128'd0;

  assign ev_valid_o  = move & fifo_last_i;
  assign ev_func_o   = dec[9:2];
  assign ev_reason_o = dec[14:10];
  assign ev_base_o   = base;
  assign ev_keep_o   = fifo_keep_i;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      busy_q  <= 1'b0;
      bytes_q <= '0;
      first_q <= 1'b0;
    end else begin
      busy_q  <= busy_d;
      bytes_q <= bytes_d;
      first_q <= first_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (take) dec_q <= dq_data_i;
  end
endmodule
